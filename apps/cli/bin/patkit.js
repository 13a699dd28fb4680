#!/usr/bin/env node
// `patkit --version`, which scripts call in loops, is answered here: no
// module of patkit's is loaded and no stream is opened for it. `validate`,
// also called in loops, loads one file.
const [flag, ...rest] = process.argv.slice(2);
if ((flag === '--version' || flag === '-V') && rest.length === 0) {
  const { readFileSync, writeSync } = await import('node:fs');
  try {
    writeSync(1, `${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
  } catch (error) {
    // A closed pipe (`patkit --version | true`) ends it quietly, as elsewhere.
    if (error.code !== 'EPIPE') throw error;
  }
} else {
  // `validate` from a bundle of its own, one file: what it cannot answer (help, a bad option) goes on to main.js.
  const code =
    flag === 'validate'
      ? await (await import('../dist/fast-validate.js')).fastValidate(process.argv.slice(2))
      : undefined;
  if (code === undefined) await import('../dist/main.js');
  else process.exitCode = code;
}
