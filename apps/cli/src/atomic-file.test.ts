import { spawnSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
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
    writeFileAtomic(file, 'the secret\n', { mode: 0o600 });
    expect(readFileSync(file, 'utf8')).toBe('the secret\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual([`.other.${gone}.partial`, `.secret.${process.ppid}.partial`, 'secret']);
  });
});

describe('writeFileAtomic through a symbolic link (a dotfiles manager keeps its files so)', () => {
  it('replaces what the link points at and keeps the link; a link to nothing is refused, creating nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'patkit-atomic-'));
    mkdirSync(join(dir, 'dotfiles'));
    writeFileSync(join(dir, 'dotfiles', 'config.yaml'), 'old\n');
    symlinkSync(join('dotfiles', 'config.yaml'), join(dir, 'config.yaml'));
    writeFileAtomic(join(dir, 'config.yaml'), 'new\n');
    expect(lstatSync(join(dir, 'config.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'dotfiles', 'config.yaml'), 'utf8')).toBe('new\n');
    expect(readdirSync(join(dir, 'dotfiles'))).toEqual(['config.yaml']);
    symlinkSync(join('dotfiles', 'gone.yaml'), join(dir, 'dangling.yaml'));
    expect(() => writeFileAtomic(join(dir, 'dangling.yaml'), 'new\n')).toThrow(
      expect.objectContaining({
        code: 'destination_unusable',
        message: expect.stringContaining('symbolic link to nothing'),
      }),
    );
    expect(readdirSync(join(dir, 'dotfiles'))).toEqual(['config.yaml']);
  });
});

describe('writeFileAtomic in a folder others can write', () => {
  it('never writes through a planted link, and gives the file the owner asked for', () => {
    const dir = mkdtempSync(join(tmpdir(), 'patkit-atomic-'));
    const file = join(dir, 'app.env');
    writeFileSync(join(dir, 'loot'), '');
    // Links at the names an older patkit used: .NAME.<pid>.partial.
    for (let pid = process.pid - 5; pid < process.pid + 5; pid++)
      symlinkSync('loot', join(dir, `.app.env.${pid}.partial`));
    writeFileAtomic(file, 'SECRET=1\n');
    expect(readFileSync(join(dir, 'loot'), 'utf8')).toBe('');
    expect(readFileSync(file, 'utf8')).toBe('SECRET=1\n');
    const owner = { uid: statSync(file).uid, gid: statSync(file).gid };
    writeFileAtomic(file, 'SECRET=2\n', { mode: 0o640, owner });
    expect(statSync(file)).toMatchObject(owner);
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });
});
