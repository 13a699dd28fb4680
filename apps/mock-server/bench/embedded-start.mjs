// startMockServer({ port: 0, seed: 'demo' }) in a fresh process, as a test
// suite starts it: ms to ready (the import included) and to its first
// answer, printed as JSON for bench/startup.mjs.
const start = performance.now();
const { startMockServer } = await import('../dist/index.js');
const server = await startMockServer({ port: 0, seed: 'demo', logLevel: 'silent' });
const readyMs = performance.now() - start;
const response = await fetch(`${server.url}/__admin/clock`);
await response.arrayBuffer();
const firstMs = performance.now() - start;
await server.close();
if (response.status !== 200) throw new Error(`/__admin/clock answered ${response.status}`);
console.log(JSON.stringify({ readyMs, firstMs }));
