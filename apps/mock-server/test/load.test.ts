// Ten seconds of mixed load, checking only correctness (speed is for pnpm bench).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeed, runLoad } from '../bench/workload.js';
import { stateProblems } from '../src/mock-server.test-utils.js';
import { type MockServer, startMockServer } from '../src/server.js';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ seed: loadSeed(16) });
});
afterAll(() => server.close());

describe('mixed load', () => {
  it('answers every request as expected for 10 s, and the state rules still hold', async () => {
    const result = await runLoad(server.url, 16, 10);
    expect(result.firstProblem).toBeUndefined();
    expect(result.unexpected).toBe(0);
    expect(result.requests).toBeGreaterThan(1000);
    expect(stateProblems(server.store)).toEqual([]);
    expect(server.store.allPats()).toHaveLength(16);
  }, 60_000);
});
