// TypeScript as consumers run it: the JavaScript compiler (5.9) and the
// native one (7.0), each from its npm package, over a project on disk.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const binOf = (name: string) =>
  join(dirname(createRequire(import.meta.url).resolve(`${name}/package.json`)), 'bin', 'tsc');

export const compilers = [
  { typescript: '5.9', tsc: binOf('typescript') },
  { typescript: '7.0', tsc: binOf('typescript7') },
] as const;

/**
 * Writes a strict tsconfig for `files` into `dir` and type-checks it:
 * the compiler's diagnostics, or '' when there are none.
 */
export function typeCheck(
  tsc: string,
  dir: string,
  files: readonly string[],
  options: Readonly<Record<string, unknown>>,
): string {
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        esModuleInterop: true,
        skipLibCheck: true,
        target: 'es2022',
        ...options,
      },
      files,
    }),
  );
  try {
    execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (error) {
    // Diagnostics go to stdout; a compiler that fails to start says why on stderr.
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return `${stdout ?? ''}${stderr ?? ''}` || String(error);
  }
}
