// A mixed load for the mock server: each worker mints a token, then lists,
// creates, renames and deletes PATs of its own owner until time is up.
// Every answer must be the expected one; anything else is counted.
import type { Seed } from '../src/state/seed.js';

export interface LoadResult {
  readonly requests: number;
  readonly unexpected: number;
  readonly latenciesMs: number[];
  readonly firstProblem?: string;
}

export function loadSeed(workers: number): Seed {
  return {
    identities: Array.from({ length: workers }, (_, i) => ({
      id: `owner-${i}`,
      name: `Owner ${i}`,
      level: 'user' as const,
    })),
    pats: Array.from({ length: workers }, (_, i) => ({
      id: `w${String(i).padStart(31, '0')}`,
      secret: `secret-${i}`,
      name: 'worker',
      ownerId: `owner-${i}`,
    })),
  };
}

export async function runLoad(url: string, workers: number, seconds: number): Promise<LoadResult> {
  const deadline = Date.now() + seconds * 1000;
  const latenciesMs: number[] = [];
  let requests = 0;
  let unexpected = 0;
  let firstProblem: string | undefined;
  const call = async (expect: number, path: string, init: RequestInit = {}) => {
    const started = performance.now();
    const response = await fetch(url + path, init);
    const text = await response.text();
    latenciesMs.push(performance.now() - started);
    requests++;
    if (response.status !== expect) {
      unexpected++;
      firstProblem ??= `${init.method ?? 'GET'} ${path}: ${response.status} ${text.slice(0, 200)}`;
      return undefined;
    }
    return text;
  };
  await Promise.all(
    Array.from({ length: workers }, async (_, i) => {
      const body = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: `w${String(i).padStart(31, '0')}`,
        client_secret: `secret-${i}`,
      });
      const minted = await call(200, '/oauth/token', { method: 'POST', body });
      if (minted === undefined) return;
      const headers = { authorization: `Bearer ${(JSON.parse(minted) as { access_token: string }).access_token}` };
      for (let n = 0; Date.now() < deadline; n++) {
        await call(200, '/v2025/personal-access-tokens?owner-id=me', { headers });
        const created = await call(200, '/v2025/personal-access-tokens', {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ name: `load ${n}`, expirationDate: null, userAwareTokenNeverExpires: true }),
        });
        if (created === undefined) continue;
        const id = (JSON.parse(created) as { id: string }).id;
        await call(200, `/v2025/personal-access-tokens/${id}`, {
          method: 'PATCH',
          headers: { ...headers, 'content-type': 'application/json-patch+json' },
          body: JSON.stringify([{ op: 'replace', path: '/name', value: `load ${n} renamed` }]),
        });
        await call(204, `/v2025/personal-access-tokens/${id}`, { method: 'DELETE', headers });
        if (n % 20 === 0) await call(200, '/oauth/token', { method: 'POST', body });
      }
    }),
  );
  return { requests, unexpected, latenciesMs, ...(firstProblem === undefined ? {} : { firstProblem }) };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
