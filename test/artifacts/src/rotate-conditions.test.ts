// The installed `patkit rotate` (and prune's and audit's neighbours) under
// the conditions rotation meets outside a test: two runs of one PAT at once
// (separate processes, homes and lock folders, so only ISC's lease can keep
// them apart; and one of them killed), another local user planting links in
// a shared folder, dotenv files that are links or another user's, commands
// that ignore SIGTERM, a D-Bus session that never answers, out-of-range
// input. The mock server runs in this process; its clock ends leases.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockServer, startMockServer } from '@patkit/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { artifacts, emptyHome, userEnv } from './artifacts.test-utils.js';

const node = artifacts.nodes.find((line) => line.version === artifacts.pinned);
if (node === undefined) throw new Error(`no Node.js ${artifacts.pinned} among the artifact lines`);
const day = 86_400_000;
const admin = { id: 'a7'.repeat(16), secret: 'robot-admin-secret' };
const ci = { id: 'c7'.repeat(16), secret: 'robot-ci-secret' };
const nobody = { uid: 65534, gid: 65534 };
let server: MockServer;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** The installed patkit as a process of its own (the mock answers in this one, so never spawnSync). */
function start(
  args: readonly string[],
  home: string,
  extra: NodeJS.ProcessEnv = {},
): { child: ChildProcess; done: Promise<Run> } {
  const env = userEnv(node as NonNullable<typeof node>, home, {
    SAIL_BASE_URL: server.url,
    SAIL_CLIENT_ID: admin.id,
    SAIL_CLIENT_SECRET: admin.secret,
    ...extra,
  });
  const began = performance.now();
  const child = spawn('patkit', args, { env, cwd: home, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const done = once(child, 'close').then(([code]) => ({
    code: code as number | null,
    stdout,
    stderr,
    ms: performance.now() - began,
  }));
  return { child, done };
}

const patkit = (args: readonly string[], home: string, extra: NodeJS.ProcessEnv = {}) => start(args, home, extra).done;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const names = () =>
  server.store
    .allPats()
    .map((pat) => pat.name)
    .sort();
const ciNow = () => server.store.allPats().find((pat) => pat.name === 'ci');

async function mints(
  credentials: { clientId?: string | undefined; clientSecret?: string | undefined } | undefined,
): Promise<boolean> {
  const response = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials?.clientId ?? '',
      client_secret: credentials?.clientSecret ?? '',
    }),
  });
  return response.ok;
}

const readCreds = (file: string) =>
  existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { clientId: string; clientSecret: string }) : undefined;

beforeAll(async () => {
  server = await startMockServer({ seed: { identities: [], pats: [] } });
});
afterAll(() => server.close());

/** A robot identity with an admin PAT (patkit authenticates with it) and the PAT `ci` to rotate. */
beforeEach(() => {
  server.faults.clear();
  server.seed(
    {
      identities: [{ id: 'robot', name: 'CI Robot', level: 'user' }],
      pats: [
        { id: admin.id, secret: admin.secret, name: 'admin', ownerId: 'robot', scope: null },
        {
          id: ci.id,
          secret: ci.secret,
          name: 'ci',
          ownerId: 'robot',
          scope: ['sp:scopes:all'],
          expirationDate: new Date(server.clock.now() + 100 * day).toISOString(),
        },
      ],
    },
    'replace',
  );
});

describe('two rotations of one PAT at once', () => {
  // Seeded, so that a failure can be run again as it was.
  let seed = 20261204;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  // The winner's command takes long enough that the other run starts while it holds the lease.
  const execTo = (file: string) => `sleep ${(0.6 + random() * 0.6).toFixed(2)}; cat > ${file}`;
  /** Two runs rotating the PAT named ci, each with its own home and --exec file, the second up to `spreadMs` later. */
  async function pairOf(spreadMs: number) {
    const id = ciNow()?.id as string;
    const homes = [emptyHome(), emptyHome()] as const;
    const files = homes.map((home) => join(home, 'creds.json'));
    const first = start(['rotate', id, '--exec', execTo(files[0] as string)], homes[0]);
    await sleep(random() * spreadMs);
    const second = start(['rotate', id, '--exec', execTo(files[1] as string)], homes[1]);
    return { files, first, second };
  }

  it('one succeeds, the other exits 7 having changed nothing (50 pairs)', async () => {
    let waited = 0;
    for (let pair = 0; pair < 50; pair++) {
      const { files, first, second } = await pairOf(400);
      const runs = await Promise.all([first.done, second.done]);
      const codes = runs.map((run) => run.code);
      const context = `pair ${pair}: ${runs.map((run) => `${run.code} ${run.stderr}`).join(' | ')}`;
      const winner = codes.indexOf(0);
      expect(
        codes.filter((code) => code === 0),
        context,
      ).toHaveLength(1);
      const loser = runs[1 - winner] as Run;
      // 7 while the winner runs; 3 (the PAT is gone) if it ended before the loser listed.
      expect([7, 3], context).toContain(loser.code);
      if (loser.code === 7) {
        waited++;
        expect(loser.stderr, context).toMatch(
          /another rotation of ci is in progress: run [0-9a-f]{8} from \S+, started /,
        );
        expect(loser.stderr, context).toContain('nothing was changed');
      }
      expect(names(), context).toEqual(['admin', 'ci']);
      expect(await mints(readCreds(files[winner] as string)), context).toBe(true);
      expect(readCreds(files[winner] as string)?.clientId).toBe(ciNow()?.id);
      // The loser delivered nothing.
      expect(existsSync(files[1 - winner] as string), context).toBe(false);
    }
    // The runs did overlap: most losers met the winner's lease.
    expect(waited).toBeGreaterThanOrEqual(25);
  }, 600_000);

  it('with one of the two killed at a random point, the other and a later run converge (50 pairs)', async () => {
    for (let pair = 0; pair < 50; pair++) {
      const { files, first, second } = await pairOf(500);
      const victim = random() < 0.5 ? first : second;
      const survivor = victim === first ? second : first;
      await sleep(random() * 1500);
      victim.child.kill('SIGKILL');
      const [survived] = await Promise.all([survivor.done, victim.done]);
      const context = `pair ${pair}: survivor ${survived.code} ${survived.stderr}`;
      expect([0, 3, 7], context).toContain(survived.code);
      const survivorFile = files[survivor === first ? 0 : 1] as string;
      if (survived.code === 0) expect(await mints(readCreds(survivorFile)), context).toBe(true);
      else expect(existsSync(survivorFile), context).toBe(false);
      // Whatever the killed run left, a run after its lease finishes or rolls back.
      server.clock.advance('21m');
      const named = ciNow() ?? server.store.allPats().find((pat) => pat.name.startsWith('ci (rotating: '));
      const home = emptyHome();
      const later = await patkit(['rotate', named?.id ?? '', '--exec', `cat > ${join(home, 'creds.json')}`], home);
      expect(later.code, `${context} | later: ${later.stderr}`).toBe(0);
      expect(names(), context).toEqual(['admin', 'ci']);
      const creds = readCreds(join(home, 'creds.json'));
      // A replacement whose old PAT was gone is renamed: this run's --exec then has nothing to run with.
      if (creds !== undefined) expect(await mints(creds), context).toBe(true);
    }
  }, 600_000);
});

describe('another local user, shared folders and links', () => {
  const asNobody = (script: string, cwd: string) =>
    spawnSync('runuser', ['-u', 'nobody', '--', 'sh', '-c', script], { cwd, encoding: 'utf8' });

  it('planted temporary-file and trail links never receive a secret, and no file outside the destination changes', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'patkit-shared-'));
    chmodSync(shared, 0o777);
    const env = join(shared, 'app.env');
    writeFileSync(env, 'SAIL_CLIENT_ID=placeholder\n', { mode: 0o600 });
    writeFileSync(join(shared, 'precious.txt'), 'precious\n');
    // nobody's files, and links to them at every name a write of the next 5,000 processes would use.
    // In one process (perl, which every Debian has), so that planting uses up no pids itself.
    const last = Number(readFileSync('/proc/sys/kernel/ns_last_pid', 'utf8'));
    const planted = asNobody(
      `touch loot && chmod 666 loot && ln -s precious.txt rec.json && perl -e 'for (${last}..${last + 5000}) { symlink("loot", ".app.env.$_.partial") or die; symlink("loot", ".trail.json.$_.partial") or die }'`,
      shared,
    );
    expect(planted.status, planted.stderr).toBe(0);
    const home = emptyHome();
    const refused = await patkit(['rotate', ci.id, '--dotenv', env, '--record', join(shared, 'rec.json')], home);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain(`--record ${join(shared, 'rec.json')} is a symbolic link`);
    expect(names()).toEqual(['admin', 'ci']);
    const run = await patkit(['rotate', ci.id, '--dotenv', env, '--record', join(shared, 'trail.json')], home);
    expect(run.code, run.stderr).toBe(0);
    const secret = /SAIL_CLIENT_SECRET=(\S+)/.exec(readFileSync(env, 'utf8'))?.[1] as string;
    expect(await mints({ clientId: ciNow()?.id, clientSecret: secret })).toBe(true);
    expect(readFileSync(join(shared, 'loot'), 'utf8')).toBe('');
    expect(readFileSync(join(shared, 'precious.txt'), 'utf8')).toBe('precious\n');
    expect(lstatSync(join(shared, 'rec.json')).isSymbolicLink()).toBe(true);
    // Of every file in the folder, nobody can read none that holds the secret.
    const readable = asNobody(
      // Links are read through their target: loot, read last.
      `for f in * .[!.]*; do [ -f "$f" ] && [ ! -L "$f" ] && [ -r "$f" ] && cat "$f"; done; cat loot; true`,
      shared,
    );
    expect(readable.stdout).not.toContain(secret);
    expect(statSync(env)).toMatchObject({ uid: 0, mode: expect.any(Number) });
    expect(statSync(env).mode & 0o777).toBe(0o600);
  });

  it("a profiles file that is another user's link is replaced, never written through", async () => {
    const shared = mkdtempSync(join(tmpdir(), 'patkit-shared-'));
    chmodSync(shared, 0o777);
    writeFileSync(join(shared, 'precious.yaml'), 'profiles: {}\n', { mode: 0o644 });
    const planted = asNobody('mkdir -m 777 patkit && ln -s ../precious.yaml patkit/config.yaml', shared);
    expect(planted.status, planted.stderr).toBe(0);
    const set = await patkit(
      ['config', 'set', 'baseUrl', 'https://acme.api.identitynow.com', '--profile', 'p'],
      emptyHome(),
      {
        XDG_CONFIG_HOME: shared,
      },
    );
    expect(set.code, set.stderr).toBe(0);
    expect(readFileSync(join(shared, 'precious.yaml'), 'utf8')).toBe('profiles: {}\n');
    expect(lstatSync(join(shared, 'patkit', 'config.yaml')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(shared, 'patkit', 'config.yaml'), 'utf8')).toContain('https://acme.api.identitynow.com');
  });

  it('--record never follows a link, even with --dry-run (prune too), and is never a destination', async () => {
    const dir = emptyHome();
    writeFileSync(join(dir, 'precious.txt'), 'precious\n');
    symlinkSync('precious.txt', join(dir, 'rec.json'));
    for (const args of [
      ['rotate', ci.id, '--dry-run', '--record', 'rec.json'],
      ['rotate', ci.id, '--record', 'rec.json'],
      ['prune', '--expired', '--dry-run', '--record', 'rec.json'],
      ['prune', '--expired', '--yes', '--record', 'rec.json'],
    ]) {
      const run = await patkit(args, dir);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toContain('is a symbolic link');
      expect(readFileSync(join(dir, 'precious.txt'), 'utf8')).toBe('precious\n');
    }
    writeFileSync(join(dir, 'app.env'), 'A=1\n');
    const same = await patkit(['rotate', ci.id, '--dotenv', 'app.env', '--record', 'app.env'], dir);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('a file this run writes');
    expect(readFileSync(join(dir, 'app.env'), 'utf8')).toBe('A=1\n');
    // A dry run creates no trail.
    const dry = await patkit(['rotate', ci.id, '--dry-run', '--record', 'new.json'], dir);
    expect(dry.code, dry.stderr).toBe(0);
    expect(existsSync(join(dir, 'new.json'))).toBe(false);
    expect(names()).toEqual(['admin', 'ci']);
  });
});

describe('dotenv files kept as they were', () => {
  const latin1 = Buffer.from('# caf\xe9 au lait\nNAME=caf\xe9\n', 'latin1');

  it('a link stays a link to its updated file, on delivery and on rollback; other bytes stay', async () => {
    const dir = emptyHome();
    mkdirSync(join(dir, 'real'));
    const before = Buffer.concat([latin1, Buffer.from('SAIL_CLIENT_ID=old\nSAIL_CLIENT_SECRET=old-secret\n')]);
    writeFileSync(join(dir, 'real/app.env'), before, { mode: 0o600 });
    symlinkSync('real/app.env', join(dir, '.env'));
    const failed = await patkit(['rotate', ci.id, '--dotenv', '.env', '--exec', 'exit 3'], dir);
    expect(failed.code, failed.stderr).toBe(1);
    expect(failed.stderr).toContain('every destination has what it had');
    expect(readlinkSync(join(dir, '.env'))).toBe('real/app.env');
    expect(readFileSync(join(dir, 'real/app.env')).equals(before)).toBe(true);
    const run = await patkit(['rotate', ci.id, '--dotenv', '.env'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(readlinkSync(join(dir, '.env'))).toBe('real/app.env');
    const after = readFileSync(join(dir, 'real/app.env'));
    expect(after.subarray(0, latin1.length).equals(latin1)).toBe(true);
    const text = after.toString('latin1');
    const id = /SAIL_CLIENT_ID=(\S+)/.exec(text)?.[1];
    expect(id).toBe(ciNow()?.id);
    expect(await mints({ clientId: id, clientSecret: /SAIL_CLIENT_SECRET=(\S+)/.exec(text)?.[1] })).toBe(true);
  });

  it("keeps another user's file theirs (owner, group, mode), replaces a multi-line value whole, warns of a readable file", async () => {
    // A folder nobody can enter, as an app's would be.
    const dir = mkdtempSync(join(tmpdir(), 'patkit-app-'));
    chmodSync(dir, 0o755);
    const file = join(dir, 'app.env');
    writeFileSync(file, 'SAIL_CLIENT_SECRET="line one\nline two"\nNEXT=1\n', { mode: 0o600 });
    chownSync(file, nobody.uid, nobody.gid);
    const run = await patkit(['rotate', ci.id, '--dotenv', file], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(statSync(file)).toMatchObject({ uid: nobody.uid, gid: nobody.gid });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^SAIL_CLIENT_SECRET="[0-9a-f]+"\nNEXT=1\nSAIL_CLIENT_ID=[0-9a-f]{32}\n$/);
    const read = spawnSync('runuser', ['-u', 'nobody', '--', 'cat', file], { encoding: 'utf8' });
    expect(read.stdout).toBe(text);
    expect(run.stderr).not.toContain('warning');
    const open = join(dir, 'open.env');
    writeFileSync(open, 'A=1\n', { mode: 0o644 });
    chmodSync(open, 0o644);
    const warned = await patkit(['rotate', ciNow()?.id as string, '--dotenv', open], dir);
    expect(warned.code, warned.stderr).toBe(0);
    expect(warned.stderr).toContain(`patkit: warning: --dotenv ${open} can be read by every user (mode 0644)`);
  });
});

describe('bounded outside calls', () => {
  it('--exec-timeout stops the whole process group, even one that ignores SIGTERM, and rolls back', async () => {
    const dir = emptyHome();
    const run = await patkit(
      [
        'rotate',
        ci.id,
        '--exec',
        `echo $$ > ${join(dir, 'pid')}; trap "" TERM; sleep 60 & wait; sleep 60`,
        '--exec-timeout',
        '2s',
      ],
      dir,
    );
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain('ran past --exec-timeout (2 s) and was stopped');
    expect(run.stderr).toContain('rolled back');
    // 2 s, then SIGTERM and 5 s of grace, then SIGKILL; the rest is patkit's own start and requests.
    expect(run.ms).toBeLessThan(20_000);
    const pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    // Nothing of its session runs on (a killed child may stay a zombie where nothing reaps orphans).
    const session = spawnSync('ps', ['-o', 'stat=,cmd=', '-s', String(pid)], { encoding: 'utf8' }).stdout;
    expect(session.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('Z'))).toEqual([]);
    expect(names()).toEqual(['admin', 'ci']);
    expect(await mints({ clientId: ci.id, clientSecret: ci.secret })).toBe(true);
  });

  it('a D-Bus session that never answers, or answers only its handshake, costs seconds and one warning line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'patkit-bus-'));
    const sockets: Array<import('node:net').Socket> = [];
    const silent = createServer((socket) => sockets.push(socket));
    const handshake = createServer((socket) => {
      sockets.push(socket);
      socket.on('data', (data) => {
        if (data.includes('AUTH')) socket.write('OK 1234567890abcdef1234567890abcdef\r\n');
      });
    });
    silent.listen(join(dir, 'silent'));
    handshake.listen(join(dir, 'handshake'));
    await Promise.all([once(silent, 'listening'), once(handshake, 'listening')]);
    try {
      for (const bus of ['silent', 'handshake']) {
        const home = emptyHome();
        mkdirSync(join(home, '.sailpoint'));
        writeFileSync(
          join(home, '.sailpoint/config.yaml'),
          `activeenvironment: acme\nenvironments:\n  acme:\n    baseurl: ${server.url}\n`,
        );
        const run = await patkit(['whoami'], home, {
          SAIL_BASE_URL: '',
          SAIL_CLIENT_ID: '',
          SAIL_CLIENT_SECRET: '',
          DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, bus)}`,
        });
        expect(run.ms, bus).toBeLessThan(10_000);
        // No credentials anywhere else: a usage error naming what is missing, after the one warning.
        expect(run.code, bus).toBe(2);
        expect(run.stderr, bus).toContain('patkit: not configured: no clientId, clientSecret.');
        const warnings = run.stderr.split('\n').filter((line) => line.includes('did not answer within 4 s'));
        expect(warnings, `${bus}: ${run.stderr}`).toHaveLength(1);
      }
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
      handshake.close();
    }
  });

  it('a keyring entry that is not UTF-8 is named, and the good entry beside it is kept', async () => {
    const home = emptyHome();
    mkdirSync(join(home, '.sailpoint'));
    writeFileSync(
      join(home, '.sailpoint/config.yaml'),
      `activeenvironment: acme\nenvironments:\n  acme:\n    baseurl: ${server.url}\n`,
    );
    const env = userEnv(node as NonNullable<typeof node>, home, {
      XDG_DATA_HOME: join(home, 'data'),
      SAIL_CLIENT_SECRET: ci.secret,
    });
    const script = `
set -e
eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)"
printf %s ${ci.id} | secret-tool store --label=id service environments.pat.clientid username acme
printf '\\377\\376' | secret-tool store --label=secret service environments.pat.clientsecret username acme
patkit whoami --json > whoami.json 2> whoami.txt || true
`;
    // Not spawnSync: the mock server answers whoami from this process.
    const session = spawn('dbus-run-session', ['--', 'sh', '-c', script], { cwd: home, env, stdio: 'ignore' });
    const [status] = await once(session, 'close');
    expect(status).toBe(0);
    const said = readFileSync(join(home, 'whoami.txt'), 'utf8');
    expect(said).toContain("the OS keyring's entry environments.pat.clientsecret for acme is not UTF-8 text");
    expect(said).not.toContain('cannot be reached');
    // The client id from the keyring, the secret from the environment: whoami answers as the PAT.
    expect(JSON.parse(readFileSync(join(home, 'whoami.json'), 'utf8'))).toMatchObject({
      clientId: ci.id,
      sources: { clientId: 'OS keyring (sail environment acme): environments.pat.clientid' },
    });
  });
});

describe('input checked before anything happens', () => {
  it('durations and dates past the year 9999 are usage errors naming the limit, --dry-run too', async () => {
    const home = emptyHome();
    for (const args of [
      ['rotate', ci.id, '--expires', '99999999999999999999d'],
      ['rotate', ci.id, '--keep-old', '99999999999999999999d'],
      ['rotate', ci.id, '--expires', '3000000d', '--dry-run'],
      ['rotate', ci.id, '--expires', '+010000-01-01T00:00:00Z', '--dry-run'],
    ]) {
      const run = await patkit(args, home);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toContain('is outside the years 0000 to 9999 (the last moment 9999-12-31T23:59:59.999Z)');
    }
    expect(names()).toEqual(['admin', 'ci']);
  });

  it('policy numbers must be finite and 0 or more, naming the key', async () => {
    const home = emptyHome();
    for (const value of ['.nan', '-5', '.inf', '-1e300']) {
      writeFileSync(join(home, 'policy.yaml'), `stale: ${value}\n`);
      const run = await patkit(['audit', '--policy', 'policy.yaml'], home);
      expect(run.code, `${value}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toContain('policy.yaml: stale must be a finite number, 0 or more');
    }
  });

  it('--dry-run checks the destinations as the real run does', async () => {
    const run = await patkit(['rotate', '--self', '--sailpoint-config', '--dry-run'], emptyHome());
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain('config.yaml cannot be read');
  });

  it('--identities files get the size and depth limits of PAT files', async () => {
    const home = emptyHome();
    writeFileSync(join(home, 'pats.json'), '[]');
    writeFileSync(join(home, 'deep.json'), '['.repeat(10_000_000));
    const run = await patkit(['audit', '--from', 'pats.json', '--identities', 'deep.json'], home);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(
      'deep.json is not JSON or NDJSON: deep.json:1:65 (root): nested more than 64 levels deep',
    );
  });
});

describe('the trail of a rotation', () => {
  /** A rotation whose --exec waits; its process once the command runs. */
  async function waiting(home: string, command = 'echo $$ > pid; sleep 30') {
    const run = start(['rotate', ci.id, '--exec', command, '--record', 'trail.json'], home);
    while (!existsSync(join(home, 'pid'))) await sleep(50);
    return run;
  }
  const trailOf = (home: string) => JSON.parse(readFileSync(join(home, 'trail.json'), 'utf8'));

  it('a signal stops the run and undoes it; a second ends it at once, and its lease holds the PAT', async () => {
    const home = emptyHome();
    const single = await waiting(home);
    single.child.kill('SIGINT');
    const stopped = await single.done;
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr, JSON.stringify(stopped)).toContain(
      '--exec echo $$ > pid; sleep 30 was stopped: patkit was interrupted',
    );
    expect(trailOf(home)).toMatchObject({ status: 'rolled-back', destinations: [{ status: 'failed' }] });
    expect(names()).toEqual(['admin', 'ci']);
    const pid = readFileSync(join(home, 'pid'), 'utf8').trim();
    const session = spawnSync('ps', ['-o', 'stat=', '-s', pid], { encoding: 'utf8' }).stdout;
    expect(session.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('Z'))).toEqual([]);
    const twiceHome = emptyHome();
    // This command outlives the first signal (for the 5 s grace), so the second meets the run still going.
    const twice = await waiting(twiceHome, 'trap "" TERM; echo $$ > pid; sleep 30');
    twice.child.kill('SIGINT');
    await sleep(500);
    twice.child.kill('SIGINT');
    expect((await twice.done).code).toBe(130);
    expect(trailOf(twiceHome)).toMatchObject({ status: 'interrupted' });
    const blocked = await patkit(['rotate', ci.id], emptyHome());
    expect(blocked.code, blocked.stderr).toBe(7);
    server.clock.advance('21m');
    const after = await patkit(['rotate', ci.id], emptyHome());
    expect(after.code, after.stderr).toBe(0);
    expect(names()).toEqual(['admin', 'ci']);
  });

  it('names the replacement by its final name', async () => {
    const home = emptyHome();
    const run = await patkit(['rotate', ci.id, '--record', 'trail.json'], home);
    expect(run.code, run.stderr).toBe(0);
    expect(trailOf(home)).toMatchObject({ status: 'rotated', replacement: { id: ciNow()?.id, name: 'ci' } });
  });

  it('--keep-old twice within a minute never collides, and leaves no temporary file', async () => {
    const home = emptyHome();
    for (let run = 0; run < 2; run++) {
      const kept = await patkit(['rotate', ciNow()?.id as string, '--keep-old', '7d', '--dotenv', 'app.env'], home);
      expect(kept.code, kept.stderr).toBe(0);
    }
    expect(names().filter((name) => name.startsWith('ci (old: delete after '))).toHaveLength(2);
    expect(names()).toContain('ci');
    const text = readFileSync(join(home, 'app.env'), 'utf8');
    expect(/SAIL_CLIENT_ID=(\S+)/.exec(text)?.[1]).toBe(ciNow()?.id);
    expect(readdirSync(home).filter((file) => file.includes('.partial'))).toEqual([]);
  });
});
