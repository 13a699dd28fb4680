// Run by stream-memory.test.ts in a child process with --expose-gc: streams
// COUNT generated PATs through decodeStream and prints the heap after a full
// GC at every tenth of the way, as JSON.
import { Readable } from 'node:stream';
import { decodeStream } from '../src/decode-list.js';

const count = Number(process.argv[2] ?? 1_000_000);
const format = process.argv[3] === 'ndjson' ? 'ndjson' : 'json';
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

function pat(i: number): string {
  const id = i.toString(16).padStart(32, '0');
  return `{"id":"${id}","name":"token ${i}","scope":["sp:scopes:all"],"owner":{"type":"IDENTITY","id":"2c9180a46faadee4016fb4e018c20639","name":"Support"},"created":"2017-07-11T18:45:37.098Z","lastUsed":"2023-01-04T18:58:17.486584Z","managed":false,"accessTokenValiditySeconds":43200,"expirationDate":null,"userAwareTokenNeverExpires":true}`;
}

async function* chunks(): AsyncGenerator<Buffer> {
  const batch = 1000;
  if (format === 'json') yield Buffer.from('[\n');
  for (let start = 0; start < count; start += batch) {
    const items: string[] = [];
    for (let i = start; i < Math.min(start + batch, count); i++) {
      items.push(format === 'json' ? `${i === 0 ? '' : ',\n'}${pat(i)}` : `${pat(i)}\n`);
    }
    yield Buffer.from(items.join(''));
  }
  if (format === 'json') yield Buffer.from('\n]\n');
}

const samples: number[] = [];
let seen = 0;
let bytes = 0;
for await (const token of decodeStream('GetPersonalAccessTokenResponse', Readable.from(chunks()))) {
  bytes += token.name.length;
  seen++;
  if (seen % (count / 10) === 0) {
    gc();
    samples.push(process.memoryUsage().heapUsed);
  }
}
console.log(JSON.stringify({ seen, samples, bytes }));
