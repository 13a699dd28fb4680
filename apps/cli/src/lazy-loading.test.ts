// Commands load only what they need: the static import graph of `--version`
// and of `validate` holds no HTTP client, YAML or table code (those come in
// through dynamic import() in the commands that use them).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = dirname(fileURLToPath(import.meta.url));

function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^import\s[^;]*?from\s+'([^']+)';/gm)]
    .filter((m) => !m[0].startsWith('import type'))
    .map((m) => m[1] as string);
}

function graph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    for (const specifier of staticImports(file)) {
      if (!specifier.startsWith('.')) {
        seen.add(specifier);
        continue;
      }
      const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
      if (seen.has(target)) continue;
      seen.add(target);
      visit(target);
    }
  };
  visit(entry);
  return seen;
}

describe('startup', () => {
  it('--version and the program load neither the client, YAML nor the output code', () => {
    const loaded = [...graph(resolve(src, 'main.ts')), ...graph(resolve(src, 'program.ts'))];
    // @patkit/model/api-versions is the one dependency-free table of versions.
    expect(
      loaded.filter((m) => /@patkit\/(client|serializer|model(?!\/api-versions$))|yaml|output|connect/.test(m)),
    ).toEqual([]);
  });

  it('validate loads the serializer but not the client, YAML or the output code', () => {
    const loaded = [...graph(resolve(src, 'commands/validate.ts'))];
    expect(loaded).toContain('@patkit/serializer');
    expect(loaded.filter((m) => /@patkit\/client|yaml|output|connect/.test(m))).toEqual([]);
  });
});
