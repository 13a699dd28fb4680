import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClientError } from './client-error.js';
import { resolveConfig, sailEnvironmentConfig, sailEnvironments } from './config.js';
import { type Keyring, sailKeyringServices } from './sail-keyring.js';

/** A keyring in memory, or one that cannot be reached. */
function memoryKeyring(entries: Record<string, string> = {}): Keyring & { entries: Record<string, string> } {
  return {
    entries,
    get: (service, account) => entries[`${service}/${account}`],
    set: (service, account, value) => {
      entries[`${service}/${account}`] = value;
    },
    delete: (service, account) => {
      delete entries[`${service}/${account}`];
    },
  };
}
const noKeyring: Keyring = {
  get: () => {
    throw new ClientError('keyring_unavailable', 'the OS keyring cannot be reached (no D-Bus session)');
  },
  set: () => {},
  delete: () => {},
};

function place(files: { json?: object; yaml?: string }) {
  const root = mkdtempSync(join(tmpdir(), 'patkit-config-'));
  const cwd = join(root, 'project');
  const home = join(root, 'home');
  mkdirSync(cwd);
  mkdirSync(join(home, '.sailpoint'), { recursive: true });
  if (files.json) writeFileSync(join(cwd, 'config.json'), JSON.stringify(files.json));
  if (files.yaml) writeFileSync(join(home, '.sailpoint', 'config.yaml'), files.yaml);
  return { cwd, home };
}

const yaml = `authtype: pat
activeenvironment: acme
environments:
  other:
    baseurl: https://other.api.identitynow.com
  acme:
    baseurl: https://acme.api.identitynow.com/
    tenanturl: https://acme.identitynow.com
    pat:
      clientid: yaml-id
      clientsecret: yaml-secret
`;

describe('resolveConfig', () => {
  it('reads the sail CLI file, following the active environment', () => {
    const config = resolveConfig({}, { env: {}, ...place({ yaml }) });
    expect(config).toMatchObject({
      baseUrl: 'https://acme.api.identitynow.com',
      clientId: 'yaml-id',
      clientSecret: 'yaml-secret',
    });
    expect(config.sources.baseUrl).toMatch(/\.sailpoint\/config\.yaml \(environment acme\): baseurl$/);
    expect(config.sources.clientSecret).toMatch(/pat\.clientsecret$/);
  });

  it('lets config.json beat the sail file, the environment beat both, and options beat all', () => {
    const where = place({ yaml, json: { BaseURL: 'https://json.api.identitynow.com', ClientId: 'json-id' } });
    const env = { SAIL_CLIENT_ID: 'env-id' };
    const config = resolveConfig({ baseUrl: 'http://127.0.0.1:8080' }, { env, ...where });
    expect([config.baseUrl, config.clientId, config.clientSecret]).toEqual([
      'http://127.0.0.1:8080',
      'env-id',
      'yaml-secret',
    ]);
    expect(config.sources).toEqual({
      baseUrl: 'option baseUrl',
      clientId: 'environment SAIL_CLIENT_ID',
      clientSecret: expect.stringMatching(/config\.yaml \(environment acme\): pat\.clientsecret$/),
    });
    const withoutOptions = resolveConfig({}, { env, ...where });
    expect(withoutOptions.baseUrl).toBe('https://json.api.identitynow.com');
    expect(withoutOptions.sources.baseUrl).toMatch(/project\/config\.json \(BaseURL\)$/);
  });

  it('names every missing setting and where it could come from', () => {
    const where = place({});
    try {
      resolveConfig({}, { env: { SAIL_CLIENT_SECRET: 'x' }, ...where });
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(ClientError);
      expect((error as ClientError).code).toBe('config_missing');
      expect((error as ClientError).missing).toEqual(['baseUrl', 'clientId']);
      const message = (error as Error).message;
      expect(message).toContain('baseUrl: pass the baseUrl option, set SAIL_BASE_URL, put BaseURL in');
      expect(message).toContain('clientId: pass the clientId option, set SAIL_CLIENT_ID, put ClientId in');
      expect(message).not.toContain('clientSecret:');
    }
  });

  it('says which file is broken and which URL is wrong', () => {
    const broken = place({});
    writeFileSync(join(broken.cwd, 'config.json'), '{ nope');
    expect(() => resolveConfig({}, { env: {}, ...broken })).toThrow(/config\.json is not valid JSON/);
    expect(() =>
      resolveConfig({ baseUrl: 'acme', clientId: 'a', clientSecret: 'b' }, { env: {}, ...place({}) }),
    ).toThrow(/baseUrl "acme" \(from option baseUrl\) is not an http\(s\) URL/);
  });
});

describe('resolveConfig with further layers', () => {
  it('puts them before or after the environment, and reads one only when it is reached', () => {
    const where = place({ json: { BaseURL: 'https://json.api.identitynow.com', ClientId: 'json-id' } });
    const reads: string[] = [];
    const layer = (source: string, values: Record<string, string>) => ({
      source,
      read: () => {
        reads.push(source);
        return values;
      },
    });
    const config = resolveConfig(
      {},
      {
        env: { SAIL_CLIENT_ID: 'env-id', SAIL_CLIENT_SECRET: 'env-secret' },
        ...where,
        beforeEnvironment: [layer('flag', { clientSecret: 'flag-secret' })],
        afterEnvironment: [
          layer('profile p', { baseUrl: 'https://profile.api.identitynow.com', clientId: 'p-id' }),
          layer('never reached', { baseUrl: 'https://late.api.identitynow.com' }),
        ],
      },
    );
    expect(config).toMatchObject({
      baseUrl: 'https://profile.api.identitynow.com',
      clientId: 'env-id',
      clientSecret: 'flag-secret',
    });
    expect(config.sources).toEqual({
      baseUrl: 'profile p',
      clientId: 'environment SAIL_CLIENT_ID',
      clientSecret: 'flag',
    });
    expect(reads).toEqual(['flag', 'profile p']);
  });
});

describe('resolveConfig defaults', () => {
  it('looks in the real working directory, HOME and environment', () => {
    const where = place({ yaml, json: { ClientId: 'json-id' } });
    const saved = { cwd: process.cwd(), home: process.env.HOME, secret: process.env.SAIL_CLIENT_SECRET };
    try {
      process.chdir(where.cwd);
      process.env.HOME = where.home;
      process.env.SAIL_CLIENT_SECRET = 'env-secret';
      const config = resolveConfig();
      expect([config.baseUrl, config.clientId, config.clientSecret]).toEqual([
        'https://acme.api.identitynow.com',
        'json-id',
        'env-secret',
      ]);
    } finally {
      process.chdir(saved.cwd);
      for (const [name, value] of [
        ['HOME', saved.home],
        ['SAIL_CLIENT_SECRET', saved.secret],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it("reads current sail's id and secret from the OS keyring, before the file's legacy fields", () => {
    const keyring = memoryKeyring({
      [`${sailKeyringServices.clientId}/acme`]: 'keyring-id',
      [`${sailKeyringServices.clientSecret}/acme`]: 'keyring-secret',
      [`${sailKeyringServices.clientId}/other`]: 'other-id',
    });
    const config = resolveConfig({}, { env: {}, keyring, ...place({ yaml }) });
    expect(config).toMatchObject({ clientId: 'keyring-id', clientSecret: 'keyring-secret' });
    expect(config.sources.clientId).toBe('OS keyring (sail environment acme): environments.pat.clientid');
    expect(config.sources.baseUrl).toMatch(/config\.yaml \(environment acme\): baseurl$/);
    // SAIL_* still come first.
    const env = { SAIL_CLIENT_ID: 'env-id', SAIL_CLIENT_SECRET: 'env-secret' };
    expect(resolveConfig({}, { env, keyring, ...place({ yaml }) })).toMatchObject({ clientId: 'env-id' });
  });

  it('says once that the keyring cannot be reached, and goes on with the rest of the chain', () => {
    const said: string[] = [];
    const config = resolveConfig({}, { env: {}, keyring: noKeyring, warn: (m) => said.push(m), ...place({ yaml }) });
    expect(config).toMatchObject({ clientId: 'yaml-id', clientSecret: 'yaml-secret' });
    expect(said).toEqual([
      "the OS keyring cannot be reached (no D-Bus session): sail's credentials for environment acme were not read from it",
    ]);
    const bare = yaml.replace(/ {4}pat:\n.*\n.*\n/, '');
    expect(() => resolveConfig({}, { env: {}, keyring: noKeyring, ...place({ yaml: bare }) })).toThrow(
      /Missing configuration:[\s\S]*\(the OS keyring cannot be reached \(no D-Bus session\)/,
    );
  });
});

describe("sail's environments, each on its own", () => {
  it('lists them in the file order, with the active one', () => {
    const { home } = place({ yaml });
    expect(sailEnvironments(home)).toEqual({
      file: join(home, '.sailpoint', 'config.yaml'),
      names: ['other', 'acme'],
      active: 'acme',
    });
    expect(sailEnvironments(join(home, 'nowhere')).names).toEqual([]);
  });

  it("reads one environment whichever is active: the keyring's id and secret, else the file's", () => {
    const { home } = place({ yaml });
    const keyring = memoryKeyring({
      [`${sailKeyringServices.clientId}/other`]: 'other-id',
      [`${sailKeyringServices.clientSecret}/other`]: 'other-secret',
    });
    expect(sailEnvironmentConfig('other', { home, keyring })).toMatchObject({
      baseUrl: 'https://other.api.identitynow.com',
      clientId: 'other-id',
      clientSecret: 'other-secret',
      sources: { clientId: 'OS keyring (sail environment other): environments.pat.clientid' },
    });
    expect(sailEnvironmentConfig('acme', { home, keyring: memoryKeyring({}) })).toMatchObject({
      clientId: 'yaml-id',
      clientSecret: 'yaml-secret',
    });
  });

  it('names what an environment lacks, and an environment that is not there', () => {
    const { home } = place({ yaml });
    expect(() => sailEnvironmentConfig('other', { home, keyring: memoryKeyring({}) })).toThrow(
      /^sail environment other in .+config\.yaml has no clientId, clientSecret$/,
    );
    expect(() => sailEnvironmentConfig('gone', { home, keyring: memoryKeyring({}) })).toThrow(
      /has no baseUrl, clientId, clientSecret/,
    );
  });
});
