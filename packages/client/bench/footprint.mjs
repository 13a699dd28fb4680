// pnpm bench: what a user of createClient with explicit credentials pays in
// bundle size and import time, against the client as it was before
// configuration files and the keyring were loaded only when reached (its
// sources at `before`, from git), side by side in one run. Bundle: esbuild,
// minified ESM for Node.js, of a consumer that calls createClient with its
// credentials; the yaml parser's share is read from esbuild's metafile.
// Import time: each version bundled with its packages external (so that it
// imports them as an installed client does), a fresh process per import,
// interleaved, three rounds of 21. Writes the `footprint` section of
// bench/results.json and the README's table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { readResults, resultsFileOf, spread, updateReadme, writeSection } from '../../../scripts/bench-results.mjs';
import { baselineSources } from '../../../scripts/git-baseline.mjs';
import { spawnRounds } from './spawn-rounds.mjs';
import { tables } from './tables.mjs';

/** The last commit that imported yaml eagerly and depended on the keyring. */
const before = '9d2e677';
const app = fileURLToPath(new URL('..', import.meta.url));
// Inside the package, so that the old sources resolve their imports as the package does.
const work = join(app, '.tmp', 'footprint');
mkdirSync(work, { recursive: true });
const baseline = baselineSources(app, before);
const versions = [
  ['before', join(baseline, 'src', 'index.ts')],
  ['now', join(app, 'src', 'index.ts')],
];

const consumer = (entry) =>
  `import { createClient } from ${JSON.stringify(entry)};\n` +
  "createClient({ baseUrl: 'https://acme.api.identitynow.com', clientId: 'id', clientSecret: 'secret' });\n";

async function bundle(name, entry) {
  const file = join(work, `consumer-${name}.mjs`);
  writeFileSync(file, consumer(entry));
  const result = await build({
    entryPoints: [file],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    conditions: ['@patkit/source'],
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  const [output] = Object.values(result.metafile.outputs);
  const share = (pattern) =>
    Object.entries(output.inputs)
      .filter(([path]) => pattern.test(path))
      .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
  return { bytes: output.bytes, yamlBytes: share(/node_modules\/.*yaml\//), keyringBytes: share(/@napi-rs/) };
}

/** The client alone, its packages left to node_modules: what `import '@patkit/client'` loads. */
async function importable(name, entry) {
  const file = join(work, `import-${name}.mjs`);
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    conditions: ['@patkit/source'],
    outfile: file,
    logLevel: 'error',
  });
  return file;
}

const sizes = {};
const files = {};
for (const [name, entry] of versions) {
  sizes[name] = await bundle(name, entry);
  files[name] = await importable(name, entry);
}

const runs = 21;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const cases = [['node -e 0', ['-e', '0']], ...versions.map(([name]) => [name, [files[name]]])];
const medians = spawnRounds(cases, { rounds, runs, cwd: work });
const [bare] = medians;
writeSection(resultsFileOf(app), 'footprint', {
  before,
  runs,
  rounds,
  versions: versions.map(([name], index) => ({
    name,
    ...sizes[name],
    importMs: spread(medians[index + 1]),
    importOverBare: spread(medians[index + 1].map((ms, round) => ms - bare[round])),
  })),
});
updateReadme(join(app, 'README.md'), resultsFileOf(app), tables);
console.log(tables.footprint(readResults(resultsFileOf(app)).footprint));
