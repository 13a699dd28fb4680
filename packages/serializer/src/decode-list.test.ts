import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fileSource } from './byte-source.js';
import { decodeList, decodeStream } from './decode-list.js';
import { encodeList, encodeStream } from './encode-list.js';
import { seedPat } from './fixtures.test-utils.js';
import { formatLocation, SerializerError, type SerializerWarning } from './serializer-error.js';
import { JsonArraySplitter } from './splitters.js';

const model = 'GetPersonalAccessTokenResponse';
const pats = [0, 1, 2].map((i) => ({ ...seedPat, id: `id-${i}`, name: `token ${i}` }));
const jsonText = encodeList(model, pats, { indent: 2 });
const ndjsonText = encodeList(model, pats, { format: 'ndjson' });

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

async function streamError(iterable: AsyncIterable<unknown>) {
  try {
    await collect(iterable);
  } catch (error) {
    return error as { code: string; index?: number; line?: number; column?: number; path: string; message: string };
  }
  throw new Error('expected the stream to fail');
}

describe('decodeList', () => {
  it('reads a JSON array and NDJSON, telling them apart', () => {
    expect(decodeList(model, jsonText)).toStrictEqual({ ok: true, value: pats, warnings: [] });
    expect(decodeList(model, ndjsonText)).toStrictEqual({ ok: true, value: pats, warnings: [] });
    expect(decodeList(model, `\n\n${ndjsonText}\r\n\n`)).toStrictEqual({ ok: true, value: pats, warnings: [] });
  });

  it('tells the format of text as of its bytes (a byte-order mark, white space), without encoding it', () => {
    for (const text of [`\uFEFF \n${jsonText}`, `\uFEFF${ndjsonText}`, ` \t${jsonText}`, '', '\uFEFF', '\n \n'])
      expect(decodeList(model, text)).toStrictEqual(decodeList(model, new TextEncoder().encode(text)));
    expect(decodeList(model, `\uFEFF \n${jsonText}`)).toMatchObject({ ok: true, value: pats });
  });

  it('names the item, path, line and column of each problem', () => {
    const bad = jsonText.replace('"id": "id-1"', '"id": 1');
    expect(decodeList(model, bad)).toMatchObject({
      ok: false,
      errors: [{ code: 'invalid_type', path: '/1/id', index: 1, line: 22, column: 11 }],
    });
    const badLine = ndjsonText.replace('"id":"id-2"', '"id":2');
    expect(decodeList(model, badLine)).toMatchObject({
      ok: false,
      errors: [{ code: 'invalid_type', path: '/id', index: 2, line: 3, column: 7 }],
    });
  });

  it('skips bad items in tolerant mode when asked', () => {
    const bad = ndjsonText.replace('"id":"id-1"', '"id":1');
    const result = decodeList(model, bad, { skipInvalid: true });
    expect(result.ok && result.value.map((p) => p.id)).toEqual(['id-0', 'id-2']);
    expect(result.warnings).toEqual([
      {
        code: 'skipped_item',
        path: '/id',
        index: 1,
        line: 2,
        column: 7,
        message: 'skipped: expected a string, got the number 1',
      },
    ]);
    // Printed as a compiler would, saying each thing once.
    const [warning] = result.warnings;
    expect(warning && `${formatLocation(warning)}: ${warning.message}`).toBe(
      '<input>:2:7 item 1 /id: skipped: expected a string, got the number 1',
    );
    const fromArray = decodeList(model, jsonText.replace('"id": "id-1"', '"id": 1'), { skipInvalid: true });
    const [inArray] = fromArray.warnings;
    expect(inArray && formatLocation(inArray)).toBe('<input>:22:11 /1/id');
    expect(() => decodeList(model, bad, { skipInvalid: true, mode: 'strict' })).toThrow(
      /skipInvalid applies to tolerant/,
    );
  });

  it('locates every warning of a list far past 64 KiB', () => {
    // A date-time without its zone is read as UTC, with a warning: one per item.
    const many = Array.from({ length: 2000 }, (_, i) => ({ ...seedPat, id: `id-${i}` }));
    const text = encodeList(model, many, { indent: 2 }).replaceAll(
      '"created": "2017-07-11T18:45:37.098Z"',
      '"created": "2017-07-11T18:45:37.098"',
    );
    expect(text.length).toBeGreaterThan(10 * 64 * 1024);
    const result = decodeList(model, text);
    expect(result.ok && result.warnings).toHaveLength(2000);
    const lines = text.split('\n');
    for (const warning of result.ok ? result.warnings : []) {
      expect(warning).toMatchObject({ code: 'missing_zone', path: `/${warning.index}/created` });
      expect(lines[(warning.line ?? 0) - 1]?.slice((warning.column ?? 0) - 1)).toBe('"2017-07-11T18:45:37.098",');
    }
  });

  it('refuses what is not a list', () => {
    expect(decodeList(model, '{}', { format: 'json' })).toMatchObject({
      ok: false,
      errors: [{ code: 'invalid_type' }],
    });
    expect(decodeList(model, '[1,')).toMatchObject({
      ok: false,
      errors: [{ code: 'invalid_json', line: 1, column: 4 }],
    });
  });
});

describe('decodeStream', () => {
  it('reads from a Node Readable, a web ReadableStream, string chunks, text and a file', async () => {
    expect(await collect(decodeStream(model, Readable.from([Buffer.from(jsonText)])))).toStrictEqual(pats);
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(ndjsonText));
        controller.close();
      },
    });
    expect(await collect(decodeStream(model, web))).toStrictEqual(pats);
    expect(await collect(decodeStream(model, [...ndjsonText]))).toStrictEqual(pats);
    const file = join(mkdtempSync(join(tmpdir(), 'patkit-')), 'pats.json');
    writeFileSync(file, jsonText);
    expect(await collect(decodeStream(model, fileSource(file)))).toStrictEqual(pats);
    expect(await collect(decodeStream(model, pathToFileURL(file)))).toStrictEqual(pats);
    // A string is JSON text, as decode and decodeList read it, never a path.
    expect(await collect(decodeStream(model, jsonText))).toStrictEqual(pats);
    expect(await streamError(decodeStream(model, file))).toBeInstanceOf(SerializerError);
  });

  it("names a file's locations by its path", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'patkit-')), 'bad.ndjson');
    writeFileSync(file, `${ndjsonText.split('\n')[0]}\n{"id": 5}\n`);
    const error = await streamError(decodeStream(model, fileSource(file)));
    expect(error).toBeInstanceOf(SerializerError);
    expect(error.message).toContain(`${file}:2:`);
  });

  it('reads an empty array, and an empty input as an empty NDJSON stream', async () => {
    expect(await collect(decodeStream(model, ['  [ ]  ']))).toEqual([]);
    expect(await collect(decodeStream(model, ['', '\n']))).toEqual([]);
    expect(await streamError(decodeStream(model, [''], { format: 'json' }))).toMatchObject({ code: 'invalid_json' });
  });

  it('stops at a bad item with its index and line', async () => {
    const bad = jsonText.replace('"created": "2017-07-11T18:45:37.098Z"', '"created": "never"');
    const error = await streamError(decodeStream(model, [bad]));
    expect(error).toMatchObject({ code: 'invalid_datetime', path: '/created', index: 0, line: 14, column: 16 });
  });

  it('skips bad items with a warning in tolerant mode', async () => {
    const warnings: SerializerWarning[] = [];
    const bad = ndjsonText.replace('"id":"id-0"', '"id":0').replace('{"id":"id-2"', '{"id":"id-2"');
    const items = await collect(decodeStream(model, [bad], { skipInvalid: true, onWarning: (w) => warnings.push(w) }));
    expect(items.map((p) => p.id)).toEqual(['id-1', 'id-2']);
    expect(warnings.map((w) => [w.code, w.index, w.line])).toEqual([['skipped_item', 0, 1]]);
  });

  it('fails cleanly on a broken structure', async () => {
    const one = encodeList(model, [seedPat]).slice(1, -1);
    expect(await streamError(decodeStream(model, [`[${one} ${one}]`]))).toMatchObject({
      code: 'invalid_json',
      message: expect.stringContaining('expected "," or "]" after item 0'),
      line: 1,
      column: one.length + 3,
    });
    expect(await streamError(decodeStream(model, [`[${one},`]))).toMatchObject({
      code: 'invalid_json',
      message: expect.stringContaining('the array is not closed'),
    });
    expect(await streamError(decodeStream(model, ['[1,]'], { format: 'json' }))).toMatchObject({
      code: 'invalid_type',
    });
  });

  it('limits the size of one item, not of the stream', async () => {
    const error = await streamError(decodeStream(model, [ndjsonText], { maxBytes: 100 }));
    expect(error).toMatchObject({ code: 'too_large', index: 0, line: 1 });
    expect(await collect(decodeStream(model, [ndjsonText, ndjsonText, ndjsonText], { maxBytes: 1000 }))).toHaveLength(
      9,
    );
  });
});

describe('encodeStream', () => {
  it('writes the same text as encodeList, chunk by chunk', async () => {
    for (const options of [{}, { indent: 2 }, { format: 'ndjson' as const }]) {
      const chunks = await collect(encodeStream(model, pats, options));
      expect(chunks.join('')).toBe(encodeList(model, pats, options));
    }
    expect((await collect(encodeStream(model, [], { indent: 2 }))).join('')).toBe('[]');
  });
});

describe("streaming and whole decoding agree on the review's three inputs", () => {
  const item = JSON.stringify(seedPat);
  const both = async (bytes: Uint8Array, options: { skipInvalid?: boolean } = {}) => {
    const whole = decodeList('GetPersonalAccessTokenResponse', bytes, options);
    let stream: unknown;
    try {
      stream = await collect(decodeStream('GetPersonalAccessTokenResponse', [bytes], options));
    } catch (error) {
      stream = (error as { issues?: { code: string }[] }).issues?.[0]?.code ?? 'refused';
    }
    return { whole: whole.ok ? whole.value : whole.errors[0]?.code, stream };
  };

  it('a stray 0xBB before [ is not a byte-order mark', async () => {
    const bytes = Uint8Array.from([0xbb, ...new TextEncoder().encode(`[${item}]`)]);
    expect(await both(bytes)).toEqual({ whole: 'invalid_utf8', stream: 'invalid_utf8' });
    const withBom = Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(`[${item}]`)]);
    expect(await both(withBom)).toEqual({ whole: [seedPat], stream: [seedPat] });
  });

  it('skipInvalid does not skip an item that is not JSON inside an array', async () => {
    const bytes = new TextEncoder().encode(`[${item.slice(0, -1)},},${item}]`);
    expect(await both(bytes, { skipInvalid: true })).toEqual({ whole: 'invalid_json', stream: 'invalid_json' });
  });

  it('a no-break space before [ is not white space', async () => {
    // Not "[" after JSON white space: one NDJSON line that is not JSON, for both.
    const bytes = new TextEncoder().encode(`\u00a0[${item}]`);
    expect(await both(bytes)).toEqual({ whole: 'invalid_json', stream: 'invalid_json' });
    expect(await both(bytes, { skipInvalid: true })).toEqual({ whole: [], stream: [] });
  });
});

describe('runs of array items parsed at once', () => {
  // Names that look like the boundary between items, inside strings.
  const many = Array.from({ length: 300 }, (_, i) => ({
    ...seedPat,
    id: `id-${i}`,
    name: i % 7 === 0 ? `a},{"b": ${i}` : `token ${i}`,
  }));
  const chunked = (text: string, size: number) => {
    const bytes = new TextEncoder().encode(text);
    return Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
  };

  it('are taken where objects follow each other in a chunk', () => {
    const bytes = new TextEncoder().encode(encodeList(model, many));
    const pieces = [...new JsonArraySplitter(1 << 20).push(bytes)];
    const runs = pieces.filter((piece) => 'values' in piece && piece.values !== undefined);
    expect(runs.length).toBeGreaterThan(0);
    expect(pieces.length).toBeLessThan(many.length / 10);
  });

  it('give the same items as whole decoding, compact or indented, in chunks of any size', async () => {
    for (const text of [encodeList(model, many), encodeList(model, many, { indent: 2 })])
      for (const size of [97, 4096, 70_000, 1 << 20])
        expect(await collect(decodeStream(model, chunked(text, size)))).toStrictEqual(many);
  });

  it('name a bad item by its own line and column', async () => {
    const compact = encodeList(model, many).replace('"id":"id-150"', '"id":150');
    expect(await streamError(decodeStream(model, chunked(compact, 70_000)))).toMatchObject({
      code: 'invalid_type',
      path: '/id',
      index: 150,
      line: 1,
      column: compact.indexOf('"id":150') + 6,
    });
    const indented = encodeList(model, many, { indent: 2 }).replace('"id": "id-150"', '"id": 150');
    const before = indented.slice(0, indented.indexOf('"id": 150'));
    const warnings: SerializerWarning[] = [];
    const items = await collect(
      decodeStream(model, chunked(indented, 70_000), { skipInvalid: true, onWarning: (w) => warnings.push(w) }),
    );
    expect(items.map((p) => p.id)).toEqual(many.filter((_, i) => i !== 150).map((p) => p.id));
    expect(warnings.map((w) => [w.code, w.index, w.line, w.column])).toEqual([
      ['skipped_item', 150, before.split('\n').length, before.length - before.lastIndexOf('\n') + 6],
    ]);
  });
});
