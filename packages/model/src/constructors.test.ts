import { describe, expect, expectTypeOf, it } from 'vitest';
import * as constructors from './constructors.js';
import {
  type createCreatedPat,
  createCreatePersonalAccessTokenRequest,
  createGetPersonalAccessTokenResponse,
  createModel,
  createPat,
  createPatOwner,
  createPatRequest,
} from './constructors.js';
import type { IsoDateTime } from './date-time.js';
import { ModelError } from './model-error.js';
import { modelNames } from './model-names.js';
import type { CreatedPat, DefaultedKey, Pat, PatRequest } from './pat-types.js';
import type { Model } from './schemas.js';
import { validateModel } from './validate.js';

// The seed: the PowerShell SDK's example for Initialize-V2025GetPersonalAccessTokenResponse.
const seed = {
  id: '86f1dc6fe8f54414950454cbb11278fa',
  name: 'NodeJS Integration',
  scope: ['demo:personal-access-token-scope:first', 'demo:personal-access-token-scope:second'],
  created: '2017-07-11T18:45:37.098Z',
  lastUsed: '2017-07-11T18:45:37.098Z',
  managed: false,
};
// The spec's PatOwner example; the seed passes -Owner null, which the spec does not allow.
const owner = { type: 'IDENTITY', id: '2c9180a46faadee4016fb4e018c20639', name: 'Support' } as const;

function thrown(fn: () => unknown): ModelError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ModelError) return error;
    throw error;
  }
  throw new Error('expected a ModelError');
}

describe('createGetPersonalAccessTokenResponse (the seed)', () => {
  it('builds the seed with the SDK defaults, keys in the spec order', () => {
    const pat = createGetPersonalAccessTokenResponse({ ...seed, owner });
    expect(pat).toStrictEqual({
      id: '86f1dc6fe8f54414950454cbb11278fa',
      name: 'NodeJS Integration',
      scope: ['demo:personal-access-token-scope:first', 'demo:personal-access-token-scope:second'],
      owner,
      created: '2017-07-11T18:45:37.098Z',
      lastUsed: '2017-07-11T18:45:37.098Z',
      managed: false,
      accessTokenValiditySeconds: 43200,
      userAwareTokenNeverExpires: false,
    });
    expect(Object.keys(pat)).toEqual([
      'id',
      'name',
      'scope',
      'owner',
      'created',
      'lastUsed',
      'managed',
      'accessTokenValiditySeconds',
      'userAwareTokenNeverExpires',
    ]);
  });

  it('rejects the seed as written, because Owner is null', () => {
    const error = thrown(() => createGetPersonalAccessTokenResponse({ ...seed, owner: null } as never));
    expect(error.code).toBe('invalid_model');
    expect(error.name).toBe('ModelError');
    expect(error.issues).toEqual([
      { code: 'invalid_type', path: '/owner', message: 'expected a PatOwner object, got null' },
    ]);
    expect(error.message).toContain('Invalid GetPersonalAccessTokenResponse (v1): 1 problem');
  });

  it('accepts Dates and offset times and stores canonical UTC text', () => {
    const pat = createGetPersonalAccessTokenResponse({
      ...seed,
      owner,
      created: new Date(Date.UTC(2017, 6, 11, 18, 45, 37, 98)),
      lastUsed: '2017-07-11T20:45:37.098+02:00',
    });
    expect(pat.created).toBe('2017-07-11T18:45:37.098Z');
    expect(pat.lastUsed).toBe('2017-07-11T18:45:37.098Z');
  });

  it('names every missing or invalid field at once', () => {
    const error = thrown(() =>
      createGetPersonalAccessTokenResponse({
        name: 7,
        owner: { type: 'USER' },
        created: '2017-02-30T00:00:00Z',
        accessTokenValiditySeconds: 14,
        nmae: 'typo',
      } as never),
    );
    expect(error.issues.map((issue) => [issue.code, issue.path])).toEqual([
      ['missing_key', '/id'],
      ['invalid_type', '/name'],
      ['missing_key', '/scope'],
      ['invalid_value', '/owner/type'],
      ['invalid_datetime', '/created'],
      ['out_of_range', '/accessTokenValiditySeconds'],
      ['unknown_key', '/nmae'],
    ]);
    expect(error.message).toContain('/id: required key is missing; add a string');
    expect(error.message).toContain('/scope: required key is missing; add an array of strings or null');
    expect(error.message).toContain('/owner/type: expected "IDENTITY", got the string "USER"');
    expect(error.message).toContain('/accessTokenValiditySeconds: 14 is out of range; use an integer from 15 to 43200');
    expect(error.message).toContain('"nmae" is not a key of GetPersonalAccessTokenResponse; remove it');
  });

  it('keeps null and [] scopes apart', () => {
    expect(createGetPersonalAccessTokenResponse({ ...seed, owner, scope: null }).scope).toBeNull();
    expect(createGetPersonalAccessTokenResponse({ ...seed, owner, scope: [] }).scope).toEqual([]);
  });

  it('builds the legacy variant without userAwareTokenNeverExpires', () => {
    const pat = createGetPersonalAccessTokenResponse({ ...seed, owner }, { apiVersion: 'v3' });
    expect(pat).not.toHaveProperty('userAwareTokenNeverExpires');
    const error = thrown(() =>
      createGetPersonalAccessTokenResponse({ ...seed, owner, userAwareTokenNeverExpires: true } as never, {
        apiVersion: 'beta',
      }),
    );
    expect(error.issues[0]?.code).toBe('unknown_key');
    expect(error.message).toContain('(beta)');
  });

  it('keeps unknown keys when asked, without touching any prototype', () => {
    const input = JSON.parse(
      `{"id":"a","name":"b","scope":null,"owner":{},"created":"2017-07-11T18:45:37.098Z","__proto__":{"polluted":true},"extra":1}`,
    );
    const pat = createGetPersonalAccessTokenResponse(input, { unknownKeys: 'keep' }) as Record<string, unknown>;
    expect(pat.extra).toBe(1);
    expect(Object.getPrototypeOf(pat)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const stripped = createGetPersonalAccessTokenResponse(input, { unknownKeys: 'strip' });
    expect(stripped).not.toHaveProperty('extra');
  });

  it('never lets a "__proto__" key act as a prototype', () => {
    const input = JSON.parse('{"type":"IDENTITY","__proto__":{"polluted":true},"constructor":"c"}');
    // reject names both keys; keep passes "constructor" through and drops "__proto__" (zod cannot hold it).
    expect(() => createPatOwner(input)).toThrow(/"__proto__" is not a key of PatOwner/);
    const kept = createPatOwner(input, { unknownKeys: 'keep' }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype);
    expect(kept.polluted).toBeUndefined();
    expect(kept).toStrictEqual({ type: 'IDENTITY', constructor: 'c' });
  });

  it('keeps a "__proto__" key inside a JSON Patch value', () => {
    const operation = JSON.parse('{"op":"add","path":"/x","value":{"__proto__":{"a":1}}}');
    const created = constructors.createJsonPatchOperation(operation);
    expect(Object.hasOwn(created.value as object, '__proto__')).toBe(true);
  });

  it('refuses options it does not know', () => {
    const error = thrown(() =>
      createGetPersonalAccessTokenResponse({ ...seed, owner }, { apiVersion: 'v9' } as unknown as {
        apiVersion: 'v2025';
      }),
    );
    expect(error.code).toBe('invalid_option');
    expect(error.message).toMatch(/Unknown API version "v9"; use one of v2026, v2025/);
  });
});

describe('the other constructors', () => {
  it('exist for every model', () => {
    for (const name of modelNames)
      expect(typeof (constructors as Record<string, unknown>)[`create${name}`]).toBe('function');
  });

  it('apply the request defaults of each variant', () => {
    expect(createCreatePersonalAccessTokenRequest({ name: 'ci' })).toStrictEqual({
      name: 'ci',
      accessTokenValiditySeconds: 43200,
      userAwareTokenNeverExpires: false,
    });
    expect(createCreatePersonalAccessTokenRequest({ name: 'ci' }, { apiVersion: 'v2024' })).toStrictEqual({
      name: 'ci',
      accessTokenValiditySeconds: 43200,
    });
  });

  it('reject an undefined value for an optional key rather than keep it', () => {
    const error = thrown(() => createPatOwner({ id: undefined } as never));
    expect(error.issues).toEqual([{ code: 'invalid_type', path: '/id', message: 'expected a string, got nothing' }]);
  });

  it('build error bodies, patches and token responses', () => {
    expect(
      constructors.createErrorResponseDto({
        detailCode: '400.1 Bad Request Content',
        messages: [{ locale: 'en-US', localeOrigin: 'DEFAULT', text: 'bad' }],
      }),
    ).toStrictEqual({
      detailCode: '400.1 Bad Request Content',
      messages: [{ locale: 'en-US', localeOrigin: 'DEFAULT', text: 'bad' }],
    });
    expect(constructors.createPatPatchDocument([{ op: 'replace', path: '/name', value: 'New name' }])).toEqual([
      { op: 'replace', path: '/name', value: 'New name' },
    ]);
    expect(() => constructors.createOAuthTokenResponse({ access_token: 'x' } as never)).toThrow(
      /\/token_type: required key is missing/,
    );
  });
});

describe('short names', () => {
  it('build the same models as the spec-named constructors', () => {
    const model = constructors;
    expect(model.createPat).toBe(model.createGetPersonalAccessTokenResponse);
    expect(model.createPatRequest({ name: 'x' })).toStrictEqual(
      model.createCreatePersonalAccessTokenRequest({ name: 'x' }),
    );
    expect(model.createCreatedPat).toBe(model.createCreatePersonalAccessTokenResponse);
  });

  it('answer a failed validation with errors, and the same issues under the old name', () => {
    const result = validateModel('GetPersonalAccessTokenResponse', {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.issues).toBe(result.errors);
    expect(result.success).toBe(false);
  });
});

describe('the types know the defaults', () => {
  it('a constructed PAT has its defaulted keys in its type, per API version', () => {
    const current = createPat({ ...seed, owner });
    expectTypeOf(current).toEqualTypeOf<Pat>();
    expectTypeOf(current.managed).toEqualTypeOf<boolean>();
    expectTypeOf(current.accessTokenValiditySeconds).toEqualTypeOf<number>();
    expectTypeOf(current.userAwareTokenNeverExpires).toEqualTypeOf<boolean>();
    // Keys without a default stay optional.
    expectTypeOf(current.lastUsed).toEqualTypeOf<IsoDateTime | null | undefined>();
    expectTypeOf(current).toExtend<Model<'GetPersonalAccessTokenResponse'>>();
    const legacy = createPat({ ...seed, owner }, { apiVersion: 'v3' });
    expectTypeOf(legacy).toEqualTypeOf<Pat<'v3'>>();
    expectTypeOf(legacy.accessTokenValiditySeconds).toEqualTypeOf<number>();
    expectTypeOf(legacy).not.toHaveProperty('userAwareTokenNeverExpires');
    const request = createPatRequest({ name: 'x' });
    expectTypeOf(request).toEqualTypeOf<PatRequest>();
    expectTypeOf(request.accessTokenValiditySeconds).toEqualTypeOf<number | null>();
    expectTypeOf<ReturnType<typeof createModel<'CreatePersonalAccessTokenResponse'>>>().toEqualTypeOf<CreatedPat>();
    expectTypeOf(createModel('GetPersonalAccessTokenResponse', { ...seed, owner })).toEqualTypeOf<Pat>();
    // What the types promise is there at run time.
    expect(current).toMatchObject({
      managed: false,
      accessTokenValiditySeconds: 43_200,
      userAwareTokenNeverExpires: false,
    });
    expect(legacy).toMatchObject({ managed: false, accessTokenValiditySeconds: 43_200 });
    expect(request).toEqual({ name: 'x', accessTokenValiditySeconds: 43_200, userAwareTokenNeverExpires: false });
  });

  it('the keys filled are those the schemas give a default (read from the generated nodes)', () => {
    expectTypeOf<DefaultedKey<'GetPersonalAccessTokenResponse', 'legacy'>>().toEqualTypeOf<
      'managed' | 'accessTokenValiditySeconds'
    >();
    expectTypeOf<DefaultedKey<'CreatePersonalAccessTokenRequest', 'current'>>().toEqualTypeOf<
      'accessTokenValiditySeconds' | 'userAwareTokenNeverExpires'
    >();
    expectTypeOf<DefaultedKey<'OAuthTokenResponse', 'current'>>().toBeNever();
  });

  it('a created PAT has none to fill: its constructor gives the model as it is', () => {
    expectTypeOf<ReturnType<typeof createCreatedPat<'v2025'>>>().toEqualTypeOf<CreatedPat>();
    expectTypeOf<CreatedPat>().toExtend<Model<'CreatePersonalAccessTokenResponse'>>();
    expectTypeOf<Model<'CreatePersonalAccessTokenResponse'>>().toExtend<CreatedPat>();
  });
});
