// Benchmark results, one file per package (bench/results.json): each
// benchmark writes its section with the machine, the Node.js version and the
// date, every figure with its spread; the READMEs show tables rendered from
// these files between `<!-- bench:NAME -->` and `<!-- /bench -->` (never
// numbers copied by hand), and a test checks that they still agree.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The machine a benchmark ran on, in the words a reader compares. */
export function machine() {
  const [cpu] = cpus();
  return {
    cpu: cpu?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
  };
}

/** Median, min and max of a list of numbers. */
export function spread(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1) };
}

export function readResults(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
}

/** Writes one section of a package's results file, keeping the others. */
export function writeSection(file, name, figures) {
  const results = readResults(file);
  results[name] = { machine: machine(), node: process.version, date: new Date().toISOString(), ...figures };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  formatted(file);
}

/** Formats a file as the linter wants it (tables padded, short arrays on one line). */
function formatted(file) {
  execFileSync(join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', file], { stdio: 'ignore' });
}

const block = (name) => new RegExp(`(<!-- bench:${name} -->\\n)([\\s\\S]*?)(<!-- /bench -->)`);

/** The README's text with the block of `name` holding `table`. */
export function withTable(readme, name, table) {
  if (!block(name).test(readme)) throw new Error(`no <!-- bench:${name} --> block in the README`);
  return readme.replace(block(name), (_, open, _shown, close) => `${open}\n${table.trim()}\n\n${close}`);
}

/** The names of the README's result blocks. */
export function tableNames(readme) {
  return [...readme.matchAll(/<!-- bench:([\w-]+) -->/g)].map((match) => match[1]);
}

/** Puts the tables in the README file beside `resultsFile`'s package: `render[name](section)` for each block. */
export function updateReadme(readmeFile, resultsFile, render) {
  const results = readResults(resultsFile);
  let readme = readFileSync(readmeFile, 'utf8');
  for (const name of tableNames(readme)) {
    if (results[name] !== undefined && render[name] !== undefined)
      readme = withTable(readme, name, render[name](results[name]));
  }
  writeFileSync(readmeFile, readme);
  // The rendered tables compare equal padded or not.
  formatted(readmeFile);
}

/** A markdown text with its tables' cells trimmed and rules reduced: tables the same but for padding compare equal. */
export function normalizeTables(text) {
  return text
    .trim()
    .split('\n')
    .map((line) =>
      line.trim().startsWith('|')
        ? line
            .trim()
            .split('|')
            .map((cell) => cell.trim().replace(/^(:?)-+(:?)$/, '$1-$2'))
            .join('|')
        : line.trim(),
    )
    .join('\n');
}

/**
 * Each result block of a README: what it shows and what its section of the
 * results file renders to (both with tables normalized), or `missing` when
 * the results file has no such section or no renderer knows the block.
 */
export function readmeTables(readmeFile, resultsFile, render) {
  const readme = readFileSync(readmeFile, 'utf8');
  const results = readResults(resultsFile);
  return tableNames(readme).map((name) => {
    const shown = block(name).exec(readme)?.[2] ?? '';
    const section = results[name];
    const renderer = render[name];
    return {
      name,
      shown: normalizeTables(shown),
      expected: section === undefined || renderer === undefined ? 'missing' : normalizeTables(renderer(section)),
      section,
    };
  });
}

export const resultsFileOf = (packageDir) => join(packageDir, 'bench', 'results.json');
