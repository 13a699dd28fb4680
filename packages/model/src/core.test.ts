import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every module core.ts reaches by value imports (type imports vanish when compiled).
function reached(file: string, seen = new Set<string>()): Set<string> {
  const text = readFileSync(file, 'utf8');
  for (const [, specifier = ''] of text.matchAll(/^(?:import|export)\s(?!type\s)[^;]*?from\s+'([^']+)';/gm)) {
    const target = specifier.startsWith('.') ? resolve(dirname(file), specifier.replace(/\.js$/, '.ts')) : specifier;
    if (seen.has(target)) continue;
    seen.add(target);
    if (specifier.startsWith('.')) reached(target, seen);
  }
  return seen;
}

describe('@patkit/model/core', () => {
  it('reaches no zod, so that it loads fast', () => {
    const modules = [...reached(fileURLToPath(new URL('./core.ts', import.meta.url)))];
    expect(modules.length).toBeGreaterThan(5);
    expect(modules.filter((m) => !m.startsWith('/'))).toEqual([]);
  });
});
