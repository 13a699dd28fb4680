// The limit of the start-up bench: a node:http server that says where it
// listens, as patkit-mock does, and answers every request with 200. It takes
// node:http as the bundled bin takes its built-ins (an ES module import of it
// costs more, see scripts/esbuild-node.mjs), so the limit is the
// fastest bare server; `node bare-server.mjs import` is the one most write.
const { createServer } =
  process.argv[2] === 'import' ? await import('node:http') : process.getBuiltinModule('node:http');

const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end('{}');
});
server.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
