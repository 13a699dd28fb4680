// Entry point: answers --version without loading anything else, then hands
// the rest to the command program, whose commands load only what they need.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  process.stdout.write(`${pkg.version}\n`);
} else {
  const { run } = await import('./program.js');
  process.exitCode = await run(args);
}
