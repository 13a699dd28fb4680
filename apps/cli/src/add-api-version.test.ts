// Adding an API version is one row of the version table: with a row for a
// fake v2027 (and nothing else), the mock serves it and documents it in
// /openapi.json, the client reaches it, and the CLI offers it.
import { type ApiVersion, type ApiVersionInfo, apiVersions, apiVersionTable } from '@patkit/model/api-versions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The row, added before anything that reads the table is loaded (vitest gives each test file its own modules).
(apiVersionTable as Record<string, ApiVersionInfo>).v2027 = {
  variant: 'current',
  basePath: '/v2027/personal-access-tokens',
  specFiles: apiVersionTable.v2026.specFiles,
};
(apiVersions as string[]).unshift('v2027');
const v2027 = 'v2027' as ApiVersion;

const { startMockServer, demoCredentials } = await import('@patkit/mock-server');
const { createClient } = await import('@patkit/client');
const { patkit, useServer, forgetServer } = await import('./cli.test-utils.js');

let server: Awaited<ReturnType<typeof startMockServer>>;
beforeAll(async () => {
  server = await startMockServer({ seed: 'demo', logLevel: 'silent' });
});
afterAll(async () => {
  forgetServer();
  await server.close();
});

describe('a version added to the table', () => {
  it('is served and documented by the mock server', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, object> };
    expect(Object.keys(doc.paths['/v2027/personal-access-tokens'] ?? {})).toEqual(['get', 'post']);
    expect(doc.paths['/v2027/personal-access-tokens/{id}']).toBeDefined();
    const unauthenticated = await fetch(`${server.url}/v2027/personal-access-tokens`);
    expect(unauthenticated.status).toBe(401);
    expect((await fetch(`${server.url}/v2028/personal-access-tokens`)).status).toBe(404);
  });

  it('is reachable by the client', async () => {
    const client = createClient({
      baseUrl: server.url,
      ...demoCredentials.user,
      apiVersion: v2027,
      configEnvironment: { env: {}, cwd: '/nonexistent', home: '/nonexistent' },
    });
    const pats = await client.list({ ownerId: 'me' });
    expect(pats.map((pat) => pat.name)).toContain('NodeJS Integration');
  });

  it('is offered by the CLI', async () => {
    const help = await patkit(['list', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('"v2027", "v2026"');
    useServer(server.url, demoCredentials.user);
    const listed = await patkit(['list', '--api-version', 'v2027', '--json']);
    expect(listed.stderr).toBe('');
    expect((JSON.parse(listed.stdout) as Array<{ name: string }>).map((pat) => pat.name)).toContain(
      'NodeJS Integration',
    );
  });
});
