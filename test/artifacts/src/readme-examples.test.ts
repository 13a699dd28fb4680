// The libraries' READMEs as a user reads them on the registry (from the
// installed packages): every TypeScript example type-checks against the
// installed types, under both compilers; the model's example runs on every
// Node.js line and prints what its comments say; the mock server's example,
// a vitest test, passes as written.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { artifacts, emptyHome, lines, pinnedNode, sh, userEnv } from './artifacts.test-utils.js';
import { compilers, typeCheck } from './type-check.test-utils.js';

const libraries = ['@patkit/model', '@patkit/serializer', '@patkit/client', '@patkit/mock-server'] as const;

// What an example uses without defining it: the reader's own values.
const givens: Partial<Record<(typeof libraries)[number], string>> = {
  '@patkit/serializer':
    "import type { Pat } from '@patkit/model';\ndeclare const responseText: string;\ndeclare const pat: Pat;",
};

interface Example {
  readonly file: string;
  readonly code: string;
}

/** The ```ts blocks of a README. One without imports goes on from the block before it, with its imports. */
function examples(name: (typeof libraries)[number]): Example[] {
  const readme = readFileSync(join(artifacts.consumer, 'node_modules', name, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((m) => m[1] as string);
  let imports = '';
  return blocks.map((block, i) => {
    const own = block.split('\n').filter((line) => line.startsWith('import '));
    if (own.length > 0) imports = own.join('\n');
    const code = own.length > 0 ? block : `${imports}\n${block}`;
    // vitest collects test files by name.
    const file = `${name.slice('@patkit/'.length)}-${i + 1}${/from 'vitest'/.test(code) ? '.test' : ''}.ts`;
    return { file, code: `${givens[name] ?? ''}\n${code}\nexport {};\n` };
  });
}

const dir = join(artifacts.consumer, 'readme-examples');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
// The mock server's example is a vitest test: vitest installed beside it, as its user would have it.
const vitestDir = dirname(createRequire(import.meta.url).resolve('vitest/package.json'));
mkdirSync(join(dir, 'node_modules'), { recursive: true });
try {
  symlinkSync(vitestDir, join(dir, 'node_modules', 'vitest'));
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
}
const all = libraries.flatMap((name) => examples(name).map((example) => ({ name, ...example })));
for (const example of all) writeFileSync(join(dir, example.file), example.code);

describe("the libraries' README examples", () => {
  it('are there: each library shows one', () => {
    expect(new Set(all.map((example) => example.name))).toEqual(new Set(libraries));
  });

  it.each(compilers)('type-check with TypeScript $typescript (strict, nodenext)', ({ tsc }) => {
    const files = all.map((example) => example.file);
    expect(typeCheck(tsc, dir, files, { module: 'nodenext', moduleResolution: 'nodenext' })).toBe('');
  });

  // The comment lines right after a console.error or console.log line: what it prints.
  const model = all.find((example) => example.file === 'model-1.ts') as Example;
  const printed = [...model.code.matchAll(/console\.(?:error|log)\(.*\n((?:\s*\/\/.*\n)+)/g)].map((m) =>
    (m[1] as string)
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.replace(/^\s*\/\/ ?/, ''))
      .join('\n'),
  );
  const runnable = ts.transpileModule(model.code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;

  it.each(lines)("the model's runs on %s and prints what its comments say", (_, node) => {
    expect(printed.length).toBeGreaterThan(0);
    const file = join(dir, `model-1-${node.version}.mjs`);
    writeFileSync(file, runnable);
    const result = sh('node', [file], userEnv(node, emptyHome()), { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    for (const text of printed) expect(`${result.stdout}${result.stderr}`).toContain(text);
  });

  it("the mock server's passes with vitest, as written", () => {
    const test = all.find((example) => example.name === '@patkit/mock-server' && example.file.endsWith('.test.ts'));
    expect(test).toBeDefined();
    const result = sh(
      'node',
      [join(vitestDir, 'vitest.mjs'), 'run', '--root', dir, (test as Example).file],
      userEnv(pinnedNode, emptyHome()),
      { cwd: dir },
    );
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/1 passed/);
  });
});
