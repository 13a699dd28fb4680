import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capture, chunksOf } from './chunked-stdout.test-utils.js';

// Any UTF-16 (lone surrogates too), any Unicode, and plain ASCII (copied without the runtime).
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const text = fc.oneof(fc.string({ unit: codeUnit }), fc.string({ unit: 'grapheme' }), fc.string({ maxLength: 200 }));

describe('ChunkedStdout', () => {
  it('writes strings as JSON.stringify does and text as UTF-8, short and long, in order', () => {
    const wellFormed = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ maxLength: 200 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), text, wellFormed)), (pieces) => {
        const expected = pieces.map(([asJson, json, plain]) => (asJson ? JSON.stringify(json) : plain)).join('');
        const written = capture((out) => {
          for (const [asJson, json, plain] of pieces) asJson ? out.json(json) : out.write(plain);
        });
        expect(written).toBe(expected);
      }),
    );
  });

  it('goes out in chunks of at most 64 KiB, each left as it was given, and a longer piece whole', () => {
    const line = `${'x'.repeat(99)}\n`;
    const long = 'é'.repeat(100_000);
    const chunks = chunksOf((out) => {
      for (let i = 0; i < 2_000; i++) out.write(line);
      out.json(long);
      out.write('\n');
    });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeLessThanOrEqual(65_536);
    expect(chunks.at(-1)?.toString()).toBe(`${JSON.stringify(long)}\n`);
    expect(Buffer.concat(chunks).toString()).toBe(`${line.repeat(2_000)}${JSON.stringify(long)}\n`);
  });

  it('writes nothing when nothing waits', () => {
    expect(chunksOf((out) => out.flush())).toEqual([]);
  });
});
