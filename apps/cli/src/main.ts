// Entry point (after bin/patkit.js, which answers `--version` alone and
// `validate` with dist/fast-validate.js). Everything else, help included,
// goes to the commander program, whose commands load only what they need.
import { endQuietlyOnClosedPipe } from './closed-pipe.js';

const args = process.argv.slice(2);
const fast = args[0] === 'validate' ? await (await import('./fast-validate.js')).fastValidate(args) : undefined;
if (fast !== undefined) process.exitCode = fast;
else {
  endQuietlyOnClosedPipe();
  const { run } = await import('./program.js');
  process.exitCode = await run(args);
}
