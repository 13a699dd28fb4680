// A package's sources as they were at an earlier commit, taken from git:
// the "before" a bench measures a change against, side by side in one run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The directory holding `src/` of the package at `packageDir` as of commit
 * `rev`, extracted once into the package's .tmp/ (inside the package, so
 * that its imports resolve as the package's own do).
 */
export function baselineSources(packageDir, rev) {
  const dir = join(packageDir, '.tmp', `baseline-${rev}`);
  if (!existsSync(join(dir, 'src'))) {
    mkdirSync(dir, { recursive: true });
    const src = relative(root, join(packageDir, 'src'));
    const archive = execFileSync('git', ['archive', rev, src], { cwd: root });
    execFileSync('tar', ['-x', '-C', dir, `--strip-components=${src.split('/').length - 1}`], { input: archive });
  }
  return dir;
}
