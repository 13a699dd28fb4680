// pnpm bench: how long importing the built client takes, against the
// serializer it builds on and a bare `node -e 0`, side by side in one run
// (fresh processes, interleaved; three rounds of 21, each round's median, with
// their spread, into the `import-time` section of bench/results.json and the
// README). Budget: the client at most 1.5x the serializer, which it can only
// meet by staying off zod.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readResults, resultsFileOf, spread, updateReadme, writeSection } from '../../../scripts/bench-results.mjs';
import { spawnRounds } from './spawn-rounds.mjs';
import { tables } from './tables.mjs';

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
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const medians = spawnRounds(
  cases.map(([name, args]) => [name, ['--input-type=module', ...args]]),
  { rounds, runs },
);
const [bare, serializer, client] = medians;
const app = fileURLToPath(new URL('..', import.meta.url));
writeSection(resultsFileOf(app), 'import-time', {
  runs,
  rounds,
  budget: 1.5,
  cases: cases.map(([name], index) => ({
    name,
    ms: spread(medians[index]),
    overBare: spread(medians[index].map((ms, round) => ms - bare[round])),
  })),
  clientVsSerializer: spread(client.map((ms, round) => ms / serializer[round])),
});
updateReadme(join(app, 'README.md'), resultsFileOf(app), tables);
const section = readResults(resultsFileOf(app))['import-time'];
console.log(tables['import-time'](section));
if (section.clientVsSerializer.median > 1.5) process.exitCode = 1;
