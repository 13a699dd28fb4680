import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './program.js';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs patkit in this process, capturing what it writes, with standard input from `stdin`. */
export async function patkit(args: readonly string[], stdin?: string): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const realStdin = Object.getOwnPropertyDescriptor(process, 'stdin');
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  if (stdin !== undefined) {
    const { Readable } = await import('node:stream');
    Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from(stdin)]), configurable: true });
  }
  try {
    const code = await run(args);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    if (realStdin) Object.defineProperty(process, 'stdin', realStdin);
  }
}

/** Points patkit at a server through the SAIL_* environment, with an empty profile directory. */
export function useServer(url: string, pat: { clientId: string; clientSecret: string }): void {
  process.env.XDG_CONFIG_HOME = mkdtempSync(join(tmpdir(), 'patkit-xdg-'));
  process.env.SAIL_BASE_URL = url;
  process.env.SAIL_CLIENT_ID = pat.clientId;
  process.env.SAIL_CLIENT_SECRET = pat.clientSecret;
}

export function forgetServer(): void {
  delete process.env.SAIL_BASE_URL;
  delete process.env.SAIL_CLIENT_ID;
  delete process.env.SAIL_CLIENT_SECRET;
}
