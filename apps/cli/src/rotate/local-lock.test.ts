import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { takeLocalLock } from './local-lock.js';

describe("this machine's rotation lock", () => {
  const env = () => ({ XDG_RUNTIME_DIR: mkdtempSync(join(tmpdir(), 'patkit-locks-')) });

  it('is held by one run at a time, and given back', () => {
    const where = env();
    const release = takeLocalLock('tenant\nrobot\nci', 'aaaaaaaa', 60_000, where);
    expect(() => takeLocalLock('tenant\nrobot\nci', 'bbbbbbbb', 60_000, where)).toThrow(
      /another rotation of this PAT is running on this machine: run aaaaaaaa \(process \d+\)/,
    );
    // Another PAT's lock is another lock.
    takeLocalLock('tenant\nrobot\ncd', 'cccccccc', 60_000, where)();
    release();
    takeLocalLock('tenant\nrobot\nci', 'bbbbbbbb', 60_000, where)();
    expect(readdirSync(join(where.XDG_RUNTIME_DIR, 'patkit/locks'))).toEqual([]);
  });

  it("is taken over from a process that has ended, or another machine's past the lease", () => {
    const where = env();
    const release = takeLocalLock('k', 'aaaaaaaa', 60_000, where);
    const [file] = readdirSync(join(where.XDG_RUNTIME_DIR, 'patkit/locks'));
    const path = join(where.XDG_RUNTIME_DIR, 'patkit/locks', file as string);
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(
      path,
      JSON.stringify({ pid: gone, host: hostname(), runId: 'dddddddd', startedAt: new Date().toISOString() }),
    );
    takeLocalLock('k', 'eeeeeeee', 60_000, where)();
    const old = new Date(Date.now() - 120_000).toISOString();
    takeLocalLock('k', 'ffffffff', 60_000, where);
    writeFileSync(path, JSON.stringify({ pid: 1, host: 'elsewhere', runId: '12345678', startedAt: old }));
    takeLocalLock('k', '99999999', 60_000, where)();
    release();
  });
});
