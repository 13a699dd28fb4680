// pnpm bench: how long patkit takes to start, against `node -e 0`, side by
// side in one run (interleaved, median of 21). Runs the built CLI (dist/).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/patkit.js', import.meta.url));
if (!existsSync(fileURLToPath(new URL('../dist/main.js', import.meta.url)))) {
  console.error('apps/cli/dist is missing: run pnpm build first');
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'patkit-startup-'));
const file = join(dir, 'pat.json');
writeFileSync(
  file,
  '{"id":"86f1dc6fe8f54414950454cbb11278fa","name":"NodeJS Integration","scope":["sp:scopes:all"],"owner":{"type":"IDENTITY","id":"2c9180a46faadee4016fb4e018c20639","name":"Support"},"created":"2017-07-11T18:45:37.098Z","lastUsed":"2017-07-11T18:45:37.098Z","managed":false}',
);

const cases = [
  ['node -e 0 (the baseline)', ['-e', '0']],
  ['patkit --version', [bin, '--version']],
  ['patkit validate pat.json', [bin, 'validate', file]],
];
const runs = 21;
const times = cases.map(() => []);
for (let i = 0; i < runs; i++) {
  cases.forEach(([, args], index) => {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
    times[index].push(performance.now() - start);
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited with ${result.status}`);
  });
}
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const baseline = median(times[0]);
console.log(`Node.js ${process.version}, median of ${runs} runs\n`);
console.log('| command | ms | vs node -e 0 |');
console.log('| --- | ---: | ---: |');
cases.forEach(([name], index) => {
  const ms = median(times[index]);
  console.log(`| ${name} | ${ms.toFixed(0)} | ${(ms / baseline).toFixed(2)}x |`);
});
