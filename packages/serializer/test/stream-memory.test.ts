import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const probe = fileURLToPath(new URL('./stream-memory.test-utils.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');

function stream(count: number, format: 'json' | 'ndjson') {
  const out = execFileSync(
    process.execPath,
    [
      '--expose-gc',
      '--max-old-space-size=256',
      '--import',
      tsx,
      '--conditions=@patkit/source',
      probe,
      String(count),
      format,
    ],
    { encoding: 'utf8', maxBuffer: 1024 * 1024 },
  );
  return JSON.parse(out) as { seen: number; samples: number[] };
}

describe('decodeStream memory', () => {
  // The input is about 400 MB; the heap is capped at 256 MB and must stay flat.
  it.each(['json', 'ndjson'] as const)(
    'streams 1,000,000 tokens as %s with a flat heap',
    (format) => {
      const { seen, samples } = stream(1_000_000, format);
      expect(seen).toBe(1_000_000);
      expect(samples).toHaveLength(10);
      const growth = Math.max(...samples) - Math.min(...samples);
      expect(growth).toBeLessThan(8 * 1024 * 1024);
    },
    180_000,
  );
});
