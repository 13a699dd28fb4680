import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-file.js';

describe('writeFileAtomic', () => {
  it('writes the whole text with the mode asked for, and removes what a killed write left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'patkit-atomic-'));
    const file = join(dir, 'secret');
    // A process that has ended, and one that runs (this one's parent).
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(dir, `.secret.${gone}.partial`), 'half a secret');
    writeFileSync(join(dir, `.secret.${process.ppid}.partial`), 'a write in flight');
    writeFileSync(join(dir, `.other.${gone}.partial`), 'not this file');
    writeFileAtomic(file, 'the secret\n', 0o600);
    expect(readFileSync(file, 'utf8')).toBe('the secret\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual([`.other.${gone}.partial`, `.secret.${process.ppid}.partial`, 'secret']);
  });
});
