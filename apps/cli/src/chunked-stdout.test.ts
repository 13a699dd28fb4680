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
    const pieces = [JSON.stringify('é'.repeat(30_000)), JSON.stringify('a'.repeat(70_000)), 'b'.repeat(70_000)];
    const encoded = new Uint8Array(70_000).fill(99);
    const chunks = chunksOf((out) => {
      for (let i = 0; i < 2_000; i++) out.write(line);
      out.json('é'.repeat(30_000));
      out.json('a'.repeat(70_000));
      out.write('b'.repeat(70_000));
      out.bytes(encoded);
      encoded.fill(100);
      out.write('\n');
    });
    const long = [...pieces, 'c'.repeat(70_000)];
    // The lines in full chunks, the rest of them, then each long piece on its own.
    expect(chunks.slice(-5).map(String)).toEqual([...long, '\n']);
    for (const chunk of chunks.slice(0, -5)) expect(chunk.length).toBeLessThanOrEqual(65_536);
    expect(Buffer.concat(chunks).toString()).toBe(`${line.repeat(2_000)}${long.join('')}\n`);
  });

  it('writes nothing when nothing waits', () => {
    expect(chunksOf((out) => out.flush())).toEqual([]);
  });
});
