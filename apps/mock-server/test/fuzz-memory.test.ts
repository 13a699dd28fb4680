// The heap stays flat while hostile requests keep coming: nothing a request
// leaves behind (journal, token cache, rate-limit windows, sockets) grows without bound.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fc } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessToken, stateProblems, testSeed, userPat } from '../src/mock-server.test-utils.js';
import { type MockServer, startMockServer } from '../src/server.js';
import { fuzzRequest, send } from './http-fuzz.test-utils.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let server: MockServer;
let token = '';
beforeAll(async () => {
  server = await startMockServer({ seed: testSeed() });
  token = await accessToken(server.url, userPat);
});
afterAll(() => server.close());

async function heapAfterGc(): Promise<number> {
  // Twice, with a turn of the event loop between, so that closed sockets' buffers are gone too.
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  return process.memoryUsage().heapUsed;
}

/** Sends `count` random requests, 16 at a time. */
async function barrage(count: number, seed: number): Promise<void> {
  const requests = fc.sample(fuzzRequest, { numRuns: count, seed });
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < requests.length) {
        const request = requests[next++] as (typeof requests)[number];
        await send(server.url, token, request).catch(() => undefined);
      }
    }),
  );
}

describe('memory under fuzzing', () => {
  it('keeps the heap flat over 12,000 hostile requests', async () => {
    // The first round fills what is bounded by design (the journal's 1,000 entries, connection pools).
    await barrage(2_000, 1);
    const samples: number[] = [];
    for (let round = 0; round < 5; round++) {
      await barrage(2_000, round + 2);
      samples.push(await heapAfterGc());
    }
    const growth = Math.max(...samples) - (samples[0] as number);
    // 10,000 requests after the first sample: a leak of 800 bytes a request would show as 8 MB.
    expect(growth, samples.map((bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`).join(', ')).toBeLessThan(8 * 2 ** 20);
    expect(stateProblems(server.store)).toEqual([]);
  }, 120_000);
});
