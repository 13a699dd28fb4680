// ISC's gateway rate limit (100 requests per 10 s per client id and API
// version), from the installed CLI: a tenant whose audit needs more look-ups
// than that, served by the installed mock enforcing the limit.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  addProfiles,
  emptyHome,
  ownRequest,
  pinnedNode,
  type RunningMock,
  sh,
  startMock,
  userEnv,
  writeBigSeed,
} from './artifacts.test-utils.js';

const env = userEnv(pinnedNode, emptyHome());
let mock: RunningMock | undefined;

afterAll(async () => {
  await mock?.stop();
});

describe(`ISC's rate limit, installed, on Node.js ${pinnedNode.version}`, () => {
  it('an audit of 5,200 owners (104 look-ups of one API version) meets no 429: the 101st waits its turn', async () => {
    mock = await startMock(
      ['--seed', writeBigSeed(emptyHome(), 5200, 1), '--port', '0', '--log-level', 'warn', '--rate-limit'],
      env,
    );
    addProfiles(['big'], mock.url, env);
    const report = join(emptyHome(), 'audit.json');
    const audit = sh('sh', ['-c', `patkit audit --profile big --owner all --json > '${report}'`], env);
    expect(audit.stderr).toBe('');
    expect(audit.code).toBe(0);
    expect((JSON.parse(readFileSync(report, 'utf8')) as { summary: { audited: number } }).summary.audited).toBe(5201);
    const journal = JSON.parse((await ownRequest(mock.url, 'GET', '/__admin/journal')).text) as {
      path: string;
      status: number;
    }[];
    expect(journal.filter((entry) => entry.path.startsWith('/identities/v1?')).length).toBeGreaterThan(100);
    expect(journal.filter((entry) => entry.status === 429)).toEqual([]);
  }, 120_000);

  it('--rate-limit off sends at once, and the 429s are waited out; a limit that is none is refused', async () => {
    const url = (mock as RunningMock).url;
    await ownRequest(url, 'DELETE', '/__admin/journal');
    const audit = sh('sh', ['-c', 'patkit audit --profile big --owner all --rate-limit off -o csv > /dev/null'], env);
    expect(audit.stderr).toBe('');
    expect(audit.code).toBe(0);
    const refused = JSON.parse((await ownRequest(url, 'GET', '/__admin/journal?status=429')).text) as unknown[];
    expect(refused.length).toBeGreaterThan(0);
    const bad = sh('patkit', ['whoami', '--profile', 'big'], { ...env, PATKIT_RATE_LIMIT: '100' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('PATKIT_RATE_LIMIT takes requests per window, such as 100/10s, or off; got "100"');
  }, 120_000);
});
