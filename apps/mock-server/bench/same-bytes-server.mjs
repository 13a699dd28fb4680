// The limit of the peer bench: node:http answering every request with the
// bytes and headers of patkit-mock's list answer (DIR/body.json and
// DIR/headers.json), once the request has been read.
//   node same-bytes-server.mjs PORT DIR
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

const [port, dir] = process.argv.slice(2);
const body = readFileSync(join(dir, 'body.json'));
const headers = JSON.parse(readFileSync(join(dir, 'headers.json'), 'utf8'));
createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, headers);
    response.end(body);
  });
}).listen(Number(port), '127.0.0.1');
