// pnpm bench: how long importing the built client takes, against the
// serializer it builds on and a bare `node -e 0`, side by side in one run
// (fresh processes, interleaved, median of 21). Budget: the client at most
// 1.5x the serializer, which it can only meet by staying off zod.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = (pkg) => fileURLToPath(new URL(`../../${pkg}/dist/index.js`, import.meta.url));
for (const pkg of ['client', 'serializer', 'model']) {
  if (!existsSync(dist(pkg))) {
    console.error(`packages/${pkg}/dist is missing: run pnpm build first`);
    process.exit(1);
  }
}
const cases = [
  ['node -e 0', ['-e', '0']],
  ['@patkit/serializer', ['-e', `await import(${JSON.stringify(dist('serializer'))})`]],
  ['@patkit/client', ['-e', `await import(${JSON.stringify(dist('client'))})`]],
  ['@patkit/model (with zod)', ['-e', `await import(${JSON.stringify(dist('model'))})`]],
];
const runs = 21;
const times = cases.map(() => []);
for (let i = 0; i < runs; i++) {
  cases.forEach(([, args], index) => {
    const start = performance.now();
    const result = spawnSync(process.execPath, ['--input-type=module', ...args], { stdio: 'ignore' });
    times[index].push(performance.now() - start);
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited with ${result.status}`);
  });
}
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const [bare, serializer, client] = times.map(median);
console.log(`Node.js ${process.version}, fresh process per import, median of ${runs} interleaved runs\n`);
console.log('| import | ms | ms over node -e 0 |');
console.log('| --- | ---: | ---: |');
cases.forEach(([name], index) => {
  const ms = median(times[index]);
  console.log(`| ${name} | ${ms.toFixed(0)} | ${(ms - bare).toFixed(0)} |`);
});
const ratio = client / serializer;
console.log(
  `\nclient / serializer: ${ratio.toFixed(2)}x (budget 1.50x) — ${ratio <= 1.5 ? 'within budget' : 'OVER BUDGET'}`,
);
if (ratio > 1.5) process.exitCode = 1;
