#!/usr/bin/env node
// `patkit --version`, which scripts call in loops, is answered here: no
// module of patkit's is loaded and no stream is opened for it. `validate`,
// also called in loops, loads one file.
const [flag, ...rest] = process.argv.slice(2);
// The oldest Node.js patkit runs on: `engines.node` of package.json (a test compares them).
const oldestNode = '22.13.0';

/** Whether Node.js `version` (x.y.z) is oldestNode or later. */
function supported(version) {
  const [major, minor] = version.split('.').map(Number);
  const [needMajor, needMinor] = oldestNode.split('.').map(Number);
  return major > needMajor || (major === needMajor && minor >= needMinor);
}

if ((flag === '--version' || flag === '-V') && rest.length === 0) {
  const { readFileSync, writeSync } = await import('node:fs');
  try {
    writeSync(1, `${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
  } catch (error) {
    // A closed pipe (`patkit --version | true`) ends it quietly, as elsewhere.
    if (error.code !== 'EPIPE') throw error;
  }
} else if (!supported(process.versions.node)) {
  // Past here patkit uses what Node.js 22.13 brought; older ones would fail halfway through a command.
  process.stderr.write(
    `patkit: Node.js ${oldestNode} or later is needed, and this is Node.js ${process.version}; install a current one from https://nodejs.org\n`,
  );
  process.exitCode = 1;
} else {
  // `validate` from a bundle of its own, one file: what it cannot answer (help, a bad option) goes on to main.js.
  const code =
    flag === 'validate'
      ? await (await import('../dist/fast-validate.js')).fastValidate(process.argv.slice(2))
      : undefined;
  if (code === undefined) await import('../dist/main.js');
  else process.exitCode = code;
}
