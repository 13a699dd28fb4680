import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientError, type Keyring } from '@patkit/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sailpointConfigDestination } from './sailpoint-config-destination.js';

// A machine without a keyring service: older sail keeps the PAT in config.yaml.
const noKeyring: Keyring = {
  get() {
    throw new ClientError('keyring_unavailable', 'no keyring here');
  },
  set() {
    throw new ClientError('keyring_unavailable', 'no keyring here');
  },
  delete() {
    throw new ClientError('keyring_unavailable', 'no keyring here');
  },
};

describe('sailpointConfigDestination', () => {
  let home: string;
  let file: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'patkit-sail-destination-'));
    mkdirSync(join(home, '.sailpoint'));
    file = join(home, '.sailpoint', 'config.yaml');
    const environment = (name: string) =>
      `  ${name}:\n    baseurl: https://${name}.api.example\n    pat:\n      clientid: old-${name}\n      clientsecret: old-secret-${name}\n`;
    writeFileSync(file, `# sail\nactiveenvironment: a\nenvironments:\n${['a', 'b', 'c'].map(environment).join('')}`);
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const next = (name: string) => ({
    baseUrl: `https://${name}.api.example`,
    clientId: `new-${name}`,
    clientSecret: `new-secret-${name}`,
  });
  const pat = (name: string) => {
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf(`  ${name}:\n`);
    return /clientid: (\S+)\n\s+clientsecret: (\S+)/.exec(text.slice(at))?.slice(1);
  };

  // rotate --self --all-environments: every environment's delivery, and a failed one's undo, into one file.
  it("undoes one environment's delivery and keeps the others delivered meanwhile", async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((name) => sailpointConfigDestination(name, home, noKeyring));
    for (const one of [a, b, c]) await one?.prepare();
    await Promise.all([a?.deliver(next('a')), b?.deliver(next('b'))]);
    await Promise.all([a?.undo(undefined), c?.deliver(next('c'))]);
    expect(pat('a')).toEqual(['old-a', 'old-secret-a']);
    expect(pat('b')).toEqual(['new-b', 'new-secret-b']);
    expect(pat('c')).toEqual(['new-c', 'new-secret-c']);
    expect(readFileSync(file, 'utf8').startsWith('# sail\n')).toBe(true);
  });
});
