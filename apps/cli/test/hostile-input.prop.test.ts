// Random and hostile files for validate, convert and audit --from: always a
// message and exit code 1, never a stack trace.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { patkit } from '../src/cli.test-utils.js';

const dir = mkdtempSync(join(tmpdir(), 'patkit-hostile-'));
let counter = 0;

const hostile = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  fc.json().map((text) => Buffer.from(text.slice(0, Math.max(1, Math.floor(text.length / 2))))),
  fc.nat({ max: 5000 }).map((depth) => Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
  fc
    .constantFrom(
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{}}}',
      '[{"id":"a","name":"b","scope":null,"owner":{},"created":"2017-02-30T00:00:00Z"}]',
      '{"id":"\\ud800"}',
      `{"name":"${'x'.repeat(100_000)}"`,
      '\uFEFF\uFEFF[]]',
      'null',
    )
    .map((text) => Buffer.from(text)),
  fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value))),
);

describe('hostile input', () => {
  test.prop([hostile, fc.constantFrom('validate', 'convert', 'audit')], { numRuns: process.env.CI ? 300 : 60 })(
    'gets a message and exit code 1, never a stack trace',
    async (bytes, command) => {
      const file = join(dir, `input-${counter++}.json`);
      writeFileSync(file, bytes);
      const args = command === 'audit' ? ['audit', '--from', file] : [command, file];
      const { code, stderr } = await patkit(args);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      if (code === 0) return; // random input may be valid by chance (an empty list, say)
      expect(code).toBe(1);
      expect(stderr.trim().length).toBeGreaterThan(0);
    },
  );
});
