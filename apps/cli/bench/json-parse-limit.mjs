// The limit an audit is measured against: read the file in 1 MiB chunks, cut
// it into lines, JSON.parse each — no validation, no output. For a list
// response (`--url`), the whole body JSON.parsed at once, as a naive client does.
import { createReadStream } from 'node:fs';

const [source, token] = process.argv.slice(2);
let count = 0;
if (source.startsWith('http')) {
  const response = await fetch(source, { headers: { authorization: `Bearer ${token}` } });
  count = JSON.parse(await response.text()).length;
} else {
  let rest;
  for await (let chunk of createReadStream(source, { highWaterMark: 1 << 20 })) {
    if (rest !== undefined) chunk = Buffer.concat([rest, chunk]);
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      if (end > start) {
        JSON.parse(chunk.toString('utf8', start, end));
        count++;
      }
      start = end + 1;
    }
    rest = start < chunk.length ? chunk.subarray(start) : undefined;
  }
}
process.stderr.write(`${count}\n`);
