// pnpm bench: what looking for keys given twice costs strict decoding, set
// against the serializer as it was before (its sources at `before`, from
// git), on the same inputs. Each implementation runs in its own process, so
// that neither shares V8's feedback with the other, in alternating processes
// (BENCH_RUNS pairs). Writes the `duplicate-key-cost` section of
// bench/results.json and the README's table.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readResults, resultsFileOf, spread, updateReadme, writeSection } from '../../../scripts/bench-results.mjs';
import { baselineSources } from '../../../scripts/git-baseline.mjs';
import { list, model, one } from './inputs.js';
import { tables } from './tables.mjs';

/** The last commit before decoding looked for keys given twice. */
const before = '9d2e677';
const app = fileURLToPath(new URL('..', import.meta.url));
const cases = ['one', 'list'] as const;
type Which = 'before' | 'after';

/** Median ops/s of 11 rounds of about 300 ms, after a warm-up. */
function measure(run: () => boolean): number {
  const rounds: number[] = [];
  for (let i = 0; i < 300; i++) if (!run()) throw new Error('the input does not decode');
  for (let round = 0; round < 11; round++) {
    let ops = 0;
    const start = performance.now();
    while (performance.now() - start < 300) {
      for (let i = 0; i < 10; i++) run();
      ops += 10;
    }
    rounds.push((ops * 1000) / (performance.now() - start));
  }
  return rounds.sort((a, b) => a - b)[5] ?? 0;
}

/** In a child: measures one implementation's strict decoding of both inputs; prints {one, list}. */
async function child(which: Which): Promise<void> {
  const serializer = (await import(
    which === 'after' ? '../src/index.js' : join(baselineSources(app, before), 'src', 'index.ts')
  )) as typeof import('../src/index.js');
  const strict = serializer.createDecoder(model, { mode: 'strict' });
  const figures = {
    one: measure(() => strict.decode(one).ok),
    list: measure(() => serializer.decodeList(model, list, { mode: 'strict' }).ok),
  };
  process.stdout.write(JSON.stringify(figures));
}

function parent(): void {
  baselineSources(app, before);
  const runs = Number(process.env.BENCH_RUNS ?? 7);
  const measured: Record<Which, Record<(typeof cases)[number], number>[]> = { before: [], after: [] };
  for (let run = 0; run < runs; run++) {
    // Alternating which goes first.
    const order: Which[] = run % 2 === 0 ? ['before', 'after'] : ['after', 'before'];
    for (const which of order) {
      console.error(`run ${run + 1}/${runs}: ${which}`);
      const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), which], {
        encoding: 'utf8',
      });
      measured[which].push(JSON.parse(out));
    }
  }
  writeSection(resultsFileOf(app), 'duplicate-key-cost', {
    runs,
    rounds: 11,
    before,
    cases: cases.map((name) => ({
      name,
      before: spread(measured.before.map((figures) => figures[name])),
      after: spread(measured.after.map((figures) => figures[name])),
      // After's time over before's, run by run.
      cost: spread(measured.before.map((figures, run) => figures[name] / (measured.after[run]?.[name] ?? 1))),
    })),
  });
  updateReadme(join(app, 'README.md'), resultsFileOf(app), tables);
  console.log(tables['duplicate-key-cost'](readResults(resultsFileOf(app))['duplicate-key-cost']));
}

const which = process.argv[2];
if (which === 'before' || which === 'after') await child(which);
else parent();
