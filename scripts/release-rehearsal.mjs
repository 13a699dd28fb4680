// Release rehearsal: what `changeset version` and `changeset publish` would
// release, published to a Verdaccio registry on 127.0.0.1 (started and
// stopped here), then installed with `npm install -g` into an empty prefix
// and run. Works on a throw-away clone of the committed tree; touches
// nothing else. Needs `pnpm install` first (Verdaccio is a devDependency).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, onFreePort, spawnUntil } from './spawn-until.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'patkit-release-'));
const repo = join(work, 'repo');
const prefix = join(work, 'prefix');
const children = [];

function step(title) {
  console.log(`\n== ${title}`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited with ${result.status}\n${result.stdout ?? ''}${result.stderr ?? ''}`,
    );
  }
  return result.stdout;
}

/** Starts a long-running command and resolves with its pattern's match once it appears. */
async function startUntil(command, args, pattern, options) {
  const started = await spawnUntil(command, args, { pattern, ...options });
  children.push(started);
  if (started.match === null) throw new Error(`${command} exited with ${started.code}:\n${started.output()}`);
  return started.match;
}

async function rehearse() {
  step('a throw-away clone of the committed tree');
  run('git', ['clone', '--quiet', '--no-hardlinks', root, repo]);
  run('pnpm', ['install', '--frozen-lockfile', '--prefer-offline', '--reporter=silent'], { cwd: repo });

  step('changeset version');
  console.log(run('pnpm', ['changeset', 'version'], { cwd: repo }).trim() || '(no output)');
  run('pnpm', ['install', '--no-frozen-lockfile', '--prefer-offline', '--reporter=silent'], { cwd: repo });
  const version = JSON.parse(readFileSync(join(repo, 'apps/cli/package.json'), 'utf8')).version;
  console.log(`patkit and @patkit/* are now ${version}`);

  step('build');
  run('pnpm', ['turbo', 'run', 'build', '--output-logs=errors-only'], {
    cwd: repo,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });

  step('Verdaccio on 127.0.0.1');
  const port = await freePort();
  const registry = `http://127.0.0.1:${port}/`;
  const storage = join(work, 'verdaccio');
  const config = join(work, 'verdaccio.yaml');
  // patkit's own names are served only from here; everything else (zod, yaml…) comes from the npm registry.
  writeFileSync(
    config,
    [
      `storage: ${storage}`,
      'auth:',
      `  htpasswd: { file: ${join(work, 'htpasswd')}, max_users: 10 }`,
      'uplinks:',
      '  npmjs: { url: https://registry.npmjs.org/ }',
      'packages:',
      "  'patkit': { access: $all, publish: $authenticated }",
      "  '@patkit/*': { access: $all, publish: $authenticated }",
      "  '**': { access: $all, proxy: npmjs }",
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const verdaccio = join(root, 'node_modules', '.bin', 'verdaccio');
  await startUntil(verdaccio, ['--config', config, '--listen', `127.0.0.1:${port}`], /http address|127\.0\.0\.1/, {
    env: { ...process.env, VERDACCIO_STORAGE_PATH: storage },
  });
  await waitFor(registry);
  const user = await fetch(`${registry}-/user/org.couchdb.user:rehearsal`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'rehearsal', password: 'rehearsal-password', type: 'user' }),
  });
  if (!user.ok) throw new Error(`Verdaccio refused the rehearsal user: ${user.status} ${await user.text()}`);
  const { token } = await user.json();
  const npmrc = join(work, 'npmrc');
  writeFileSync(npmrc, `registry=${registry}\n//127.0.0.1:${port}/:_authToken=${token}\n`);
  console.log(`listening on ${registry}`);
  const env = { ...process.env, npm_config_userconfig: npmrc, npm_config_registry: registry };

  step('changeset publish');
  console.log(run('pnpm', ['changeset', 'publish'], { cwd: repo, env }).trim());
  for (const name of ['patkit', '@patkit/model', '@patkit/serializer', '@patkit/client', '@patkit/mock-server']) {
    const published = run('npm', ['view', `${name}@${version}`, 'version'], { env }).trim();
    if (published !== version) throw new Error(`${name}@${version} is not in the registry (got ${published})`);
  }
  console.log(`all five packages are in the registry at ${version}`);

  step('npm install -g patkit @patkit/mock-server, into an empty prefix');
  const installStart = Date.now();
  run('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', 'patkit', '@patkit/mock-server'], {
    env,
    cwd: work,
  });
  console.log(`installed in ${((Date.now() - installStart) / 1000).toFixed(1)} s`);
  const bin = (name) => join(prefix, 'bin', name);
  const installed = run(bin('patkit'), ['--version'], { cwd: work }).trim();
  console.log(`patkit --version → ${installed}`);
  if (installed !== version) throw new Error(`patkit --version printed ${installed}, expected ${version}`);
  const help = run(bin('patkit-mock'), ['--help'], { cwd: work });
  console.log(`patkit-mock --help → ${help.split('\n')[0]}`);
  if (!help.startsWith('Usage: patkit-mock')) throw new Error(`patkit-mock --help printed:\n${help}`);

  step('an audit against the installed mock server');
  const [, url] = await startUntil(bin('patkit-mock'), ['--seed', 'demo', '--port', '0'], /listening on (\S+)/, {
    cwd: work,
  });
  const audit = run(bin('patkit'), ['audit', '--owner', 'all', '--stale', '90d'], {
    cwd: work,
    env: {
      ...process.env,
      HOME: work,
      SAIL_BASE_URL: url,
      SAIL_CLIENT_ID: 'a0000000000000000000000000000001',
      SAIL_CLIENT_SECRET: 'demo-admin-secret-0001',
      NO_COLOR: '1',
    },
  });
  const summary = audit.split('\n').find((line) => line.startsWith('patkit audit:'));
  if (!summary) throw new Error(`the audit printed no summary:\n${audit}`);
  console.log(summary);

  step("the READMEs' install commands, as written, against the registry");
  const readmes = ['', 'apps/cli/', 'apps/mock-server/', 'packages/model/', 'packages/serializer/', 'packages/client/'];
  for (const readme of readmes.map((dir) => `${dir}README.md`)) {
    for (const command of installCommands(readFileSync(join(repo, readme), 'utf8'))) {
      await runInstallCommand(command, { ...env, npm_config_prefix: join(work, 'readme-prefix') });
      console.log(`${readme}: ${command} → ok`);
    }
  }
}

/** The shell lines of a README's Install section, and of the package table's install column. */
function installCommands(text) {
  const section = /^## Install\n([\s\S]*?)(?=^## )/m.exec(text)?.[1] ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const fromTable = [...text.matchAll(/`((?:npm install|npx) [^`]+)`/g)].map((m) => m[1]);
  return [...block.split('\n'), ...fromTable]
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.startsWith('npm ') || line.startsWith('npx ') || line.startsWith('patkit'));
}

/** Runs a README line in a new project; a server it starts must say it listens, then is stopped. */
async function runInstallCommand(command, env) {
  const cwd = mkdtempSync(join(work, 'readme-'));
  writeFileSync(join(cwd, 'package.json'), '{"name":"readme-check","private":true}');
  const path = `${join(work, 'readme-prefix', 'bin')}:${env.PATH}`;
  const started = await spawnUntil('sh', ['-c', onFreePort(command)], {
    pattern: /listening on http/,
    timeoutMs: 120_000,
    cwd,
    env: { ...env, PATH: path, HOME: cwd },
  });
  await started.stop();
  if (started.match === null && started.code !== 0)
    throw new Error(`"${command}" failed (exit ${started.code}):\n${started.output()}`);
}

async function waitFor(url) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}-/ping`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer in 20 s`);
}

let failed = false;
try {
  await rehearse();
  console.log('\nrelease rehearsal passed');
} catch (error) {
  failed = true;
  console.error(`\nrelease rehearsal failed: ${error.message}`);
} finally {
  await Promise.all(children.map((started) => started.stop()));
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
