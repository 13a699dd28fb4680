// Builds dist/: one ES module per command (code splitting keeps the lazy
// imports lazy), so that startup reads a few files instead of dozens. The
// bundle holds every dependency but the published package's two: the OS
// keyring's native binding, and yaml, which @patkit/client loads from
// node_modules when it reads sail's file (src/yaml.ts loads the same copy).
// The bundled ones' licences go to dist/THIRD-PARTY-LICENSES.md.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { nodeBundle } from '../../../scripts/esbuild-node.mjs';

const app = fileURLToPath(new URL('..', import.meta.url));
const dist = join(app, 'dist');
rmSync(dist, { recursive: true, force: true });

// What both builds share.
const common = {
  ...nodeBundle,
  absWorkingDir: app,
  // A native binding (prebuilt per platform) and yaml: installed as the package's dependencies, loaded when used.
  external: ['@napi-rs/keyring', 'yaml'],
  // CommonJS dependencies (commander) call require: give ES modules one, which
  // loads node:module only when called (importing it costs every start-up a few ms).
  banner: {
    js: "const require = (id) => process.getBuiltinModule('node:module').createRequire(import.meta.url)(id);",
  },
};

const { metafile } = await build({
  ...common,
  entryPoints: [join(app, 'src/main.ts')],
  outdir: dist,
  splitting: true,
  metafile: true,
});

// `patkit validate` (scripts call it in loops) from one file holding all it needs: bin/patkit.js
// loads it first. Its code is also in the chunks above, for main.js: 75 KB on disk buy the
// start-up of the dozen module files the split build would load.
const fast = await build({
  ...common,
  entryPoints: [join(app, 'src/fast-validate.ts')],
  outfile: join(dist, 'fast-validate.js'),
  metafile: true,
});
if (Object.values(fast.metafile.outputs).some((output) => output.imports.some((imported) => !imported.external))) {
  console.error('bundle.mjs: dist/fast-validate.js imports another file of dist/; it must hold all it needs');
  process.exit(1);
}

// A dynamic import() must load one of our own modules. When it names a
// CommonJS package, esbuild gives that package a chunk whose only export is
// `default`, and `const { parse } = await import('yaml')` gets undefined.
const problems = [];
for (const [file, output] of Object.entries(metafile.outputs)) {
  for (const imported of output.imports) {
    if (imported.kind !== 'dynamic-import' || imported.external) continue;
    const target = metafile.outputs[imported.path];
    const entry = target?.entryPoint ?? '';
    if (!entry.startsWith('src/')) {
      problems.push(`${file} imports ${imported.path} (${entry || 'no entry point'}) dynamically`);
    }
  }
}
if (problems.length > 0) {
  console.error(
    `bundle.mjs: dynamic import() of a package; import it statically in a module of src/ and import() that module:\n  ${problems.join('\n  ')}`,
  );
  process.exit(1);
}

// Every package the bundle holds code of, with its licence text.
const packages = new Map();
for (const input of Object.keys(metafile.inputs)) {
  const match = /^(.*node_modules\/)((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (match && !packages.has(match[2])) packages.set(match[2], join(app, match[1], match[2]));
}
const sections = [...packages.entries()]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([name, dir]) => {
    const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const licence = readdirSync(dir).find((file) => /^(licen[cs]e|copying)(\.|$)/i.test(file));
    if (!licence) throw new Error(`bundle.mjs: ${name} ships no licence file`);
    return `## ${name} ${json.version} (${json.license})\n\n\`\`\`\n${readFileSync(join(dir, licence), 'utf8').trim()}\n\`\`\`\n`;
  });
writeFileSync(
  join(dist, 'THIRD-PARTY-LICENSES.md'),
  `# Third-party licences\n\nThe patkit bundle includes code of these packages.\n\n${sections.join('\n')}`,
);
