// Escaped object keys through every decoder, after V8's JSON.parse was
// poisoned as nodejs/node#63785 reports (Node.js 24, 26): a key `"\""` must
// stay `"`, never become the `\` an earlier object had. Deterministic: each
// test decodes the poisoning text first, through the serializer itself.
import { describe, expect, it } from 'vitest';
import { decode, decodeBatches, decodeJsonValue, decodeJsonValues, decodeList } from '../src/index.js';

const model = 'ErrorMessageDto';
const apiVersion = 'v3';
const poison = '{"text":"t","\\\\":1}';
const quoteKey = '{"text":"t","\\"":1}';

/** The parser poisoned the way a user's earlier file would: decoded, with a key `\` after `text`. */
function poisoned(): void {
  decode(model, poison, { apiVersion, mode: 'tolerant', unknownKeys: 'keep' });
}

const bytes = (text: string) => new TextEncoder().encode(text);

/** The text as a stream cut after every byte, and as one chunk. */
const cuts = (text: string) => ({
  'byte by byte': Array.from(bytes(text), (byte) => Uint8Array.of(byte)),
  'one chunk': [bytes(text)],
});

async function batches(format: 'json' | 'ndjson', chunks: Uint8Array[]) {
  const values: unknown[] = [];
  for await (const batch of decodeBatches(model, chunks, {
    apiVersion,
    format,
    mode: 'tolerant',
    unknownKeys: 'keep',
  }))
    values.push(...batch);
  return values;
}

describe('escaped keys, after the parser was poisoned', () => {
  it('strict mode names the key as the text has it, where it is', () => {
    poisoned();
    const strict = decode(model, quoteKey, { apiVersion, mode: 'strict' });
    expect(strict.ok).toBe(false);
    if (strict.ok) return;
    expect(strict.errors.map(({ code, path, line, column }) => ({ code, path, line, column }))).toEqual([
      { code: 'unknown_key', path: '/"', line: 1, column: 13 },
    ]);
    // Quoted as JSON: the key `"` reads `"\""`, the key `\` reads `"\\"`.
    expect(strict.errors[0]?.message).toMatch(/^"\\"" is not a key of ErrorMessageDto/);
    const slash = decode(model, poison, { apiVersion, mode: 'strict' });
    expect(slash.ok ? '' : slash.errors[0]?.message).toMatch(/^"\\\\" is not a key of ErrorMessageDto/);
  });

  it('tolerant mode keeps the key as the text has it', () => {
    poisoned();
    const kept = decode(model, quoteKey, { apiVersion, mode: 'tolerant', unknownKeys: 'keep' });
    expect(kept.ok && Object.keys(kept.value)).toEqual(['text', '"']);
    expect(kept.warnings.map((w) => [w.code, w.path])).toEqual([['unknown_key', '/"']]);
  });

  it('reads known keys written with escapes', () => {
    poisoned();
    const read = decode(model, '{"t\\u0065xt":"t","\\u006Cocale":"en-US"}', { apiVersion, mode: 'strict' });
    expect(read).toMatchObject({ ok: true, value: { text: 't', locale: 'en-US' } });
  });

  it('a JSON array and NDJSON, whole', () => {
    poisoned();
    const array = decodeList(model, `[${poison},${quoteKey}]`, { apiVersion, unknownKeys: 'keep' });
    expect(array.ok && array.value.map(Object.keys)).toEqual([
      ['text', '\\'],
      ['text', '"'],
    ]);
    const ndjson = decodeList(model, `${poison}\n${quoteKey}\n`, { apiVersion, format: 'ndjson', unknownKeys: 'keep' });
    expect(ndjson.ok && ndjson.value.map(Object.keys)).toEqual([
      ['text', '\\'],
      ['text', '"'],
    ]);
  });

  for (const format of ['json', 'ndjson'] as const)
    for (const [cut, chunks] of Object.entries(
      cuts(format === 'json' ? `[${poison},${quoteKey},${poison},${quoteKey}]` : `${poison}\n${quoteKey}\n`.repeat(2)),
    ))
      it(`streamed, ${format}, ${cut}`, async () => {
        poisoned();
        const values = await batches(format, chunks);
        expect(values.map((value) => Object.keys(value as object))).toEqual([
          ['text', '\\'],
          ['text', '"'],
          ['text', '\\'],
          ['text', '"'],
        ]);
      });

  it('any JSON value and list of them (identities files, configuration)', () => {
    poisoned();
    const one = decodeJsonValue('{"text":"t","\\"":1}');
    expect(one.ok && Object.keys(one.value as object)).toEqual(['text', '"']);
    const many = decodeJsonValues('{"text":"t","\\\\":1}\n{"text":"t","\\"":1}\n');
    expect(many.ok && many.value.map((value) => Object.keys(value as object))).toEqual([
      ['text', '\\'],
      ['text', '"'],
    ]);
  });
});
