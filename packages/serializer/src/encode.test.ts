import { createGetPersonalAccessTokenResponse } from '@patkit/model';
import { describe, expect, it } from 'vitest';
import { decode } from './decode.js';
import { createEncoder, encode } from './encode.js';
import { seedPat, seedText } from './fixtures.test-utils.js';
import { SerializerError } from './serializer-error.js';

const model = 'GetPersonalAccessTokenResponse';

describe('encode', () => {
  it('writes canonical JSON: spec key order, compact', () => {
    expect(encode(model, seedPat)).toBe(seedText);
    const shuffled = Object.fromEntries(Object.entries(seedPat).reverse()) as typeof seedPat;
    expect(encode(model, shuffled)).toBe(seedText);
  });

  it('writes what the model constructors build', () => {
    const pat = createGetPersonalAccessTokenResponse({ ...seedPat, lastUsed: new Date('2017-07-11T18:45:37.098Z') });
    expect(encode(model, pat)).toBe(seedText);
  });

  it('normalizes date-times to milliseconds in UTC', () => {
    const value = { ...seedPat, created: '2017-07-11T20:45:37.098765+02:00' } as never;
    expect(JSON.parse(encode(model, value)).created).toBe('2017-07-11T18:45:37.098Z');
  });

  it('omits absent optional keys and indents on request', () => {
    const { lastUsed: _l, managed: _m, ...rest } = seedPat;
    expect(encode(model, rest, { indent: 2 })).toBe(JSON.stringify(rest, null, 2));
  });

  it('writes every key, absent ones as null, in PowerShell style', () => {
    const text = encode(model, { id: 'a', name: 'b', scope: null, owner: {}, created: seedPat.created } as never, {
      style: 'powershell',
    });
    expect(JSON.parse(text)).toStrictEqual({
      id: 'a',
      name: 'b',
      scope: null,
      owner: { type: null, id: null, name: null },
      created: '2017-07-11T18:45:37.098Z',
      lastUsed: null,
      managed: null,
      accessTokenValiditySeconds: null,
      expirationDate: null,
      userAwareTokenNeverExpires: null,
    });
  });

  it('writes the unknown keys a tolerant decode kept, after the known ones', () => {
    const withExtra = seedText.replace('{', '{"__proto__":{"a":1},"extra":[1],');
    const decoded = decode(model, withExtra, { unknownKeys: 'keep' });
    if (!decoded.ok) throw new Error('expected success');
    expect(encode(model, decoded.value)).toBe(`${seedText.slice(0, -1)},"__proto__":{"a":1},"extra":[1]}`);
  });

  it('refuses a value that is not a valid model, saying where', () => {
    const bad = { ...seedPat, accessTokenValiditySeconds: 1, created: 'yesterday' } as never;
    expect(() => encode(model, bad)).toThrow(SerializerError);
    try {
      encode(model, bad);
    } catch (error) {
      expect((error as SerializerError).issues.map((issue) => [issue.code, issue.path])).toEqual([
        ['invalid_datetime', '/created'],
        ['out_of_range', '/accessTokenValiditySeconds'],
      ]);
      expect((error as SerializerError).message).toMatch(/^The GetPersonalAccessTokenResponse to encode is not valid/);
    }
  });

  it('refuses an array with a hole (JSON.stringify would write null there)', () => {
    const scope = Object.assign(new Array<string>(2), { 1: 'sp:scopes:all' });
    for (const indent of [undefined, 2])
      expect(() => encode(model, { ...seedPat, scope } as never, indent === undefined ? {} : { indent })).toThrow(
        /\/scope\/0: expected a string, got nothing/,
      );
  });

  it('checks its options', () => {
    expect(() => encode(model, seedPat, { style: 'yaml' as never })).toThrow(
      /style must be "canonical" or "powershell"/,
    );
    expect(() => encode(model, seedPat, { indent: -1 })).toThrow(/indent must be/);
  });

  it('has a prepared form for many values', () => {
    const encoder = createEncoder(model, { indent: '\t' });
    expect(encoder.encode(seedPat)).toBe(JSON.stringify(seedPat, null, '\t'));
  });

  it('encodes the other models, patches included', () => {
    expect(encode('PatPatchDocument', [{ op: 'replace', path: '/name', value: 'x' }])).toBe(
      '[{"op":"replace","path":"/name","value":"x"}]',
    );
    expect(encode('ErrorResponseDto', { detailCode: '400.1 Bad Request Content', messages: [] })).toBe(
      '{"detailCode":"400.1 Bad Request Content","messages":[]}',
    );
  });
});
