import { Writable } from 'node:stream';
import { ChunkedStdout } from './chunked-stdout.js';

/** The chunks a ChunkedStdout gave its stream, kept as given, not copied: a chunk it changed afterwards shows. */
export function chunksOf(write: (out: ChunkedStdout) => void): Buffer[] {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const out = new ChunkedStdout(stream);
  write(out);
  out.flush();
  return chunks;
}

/** What a ChunkedStdout wrote, as UTF-8 text. */
export const capture = (write: (out: ChunkedStdout) => void): string => Buffer.concat(chunksOf(write)).toString('utf8');
