import type { SpawnOptions } from 'node:child_process';

export interface Started {
  /** The pattern's match, or null when the command exited first. */
  readonly match: RegExpExecArray | null;
  /** The exit code when the command exited before the pattern appeared. */
  readonly code: number | null;
  readonly output: () => string;
  /** Stops the command and what it started; resolves with its exit code. */
  readonly stop: () => Promise<number | null>;
  readonly exited: Promise<number | null>;
}

export declare function spawnUntil(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { pattern: RegExp; timeoutMs?: number },
): Promise<Started>;

/** A README line with any mock server it starts on a free port (`--port 0`). */
export declare function onFreePort(line: string): string;

/** A port free on 127.0.0.1 now, for a server that cannot be given port 0. */
export declare function freePort(): Promise<number>;
