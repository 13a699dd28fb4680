// Random requests at the mock server: never a 5xx, always one of ISC's error
// shapes, and the state rules hold afterwards.
import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { accessToken, stateProblems, testSeed, userPat } from '../src/mock-server.test-utils.js';
import { type MockServer, startMockServer } from '../src/server.js';
import { fuzzRequest, iscShaped, send } from './http-fuzz.test-utils.js';

let server: MockServer;
let token = '';
beforeAll(async () => {
  server = await startMockServer({ seed: testSeed() });
  token = await accessToken(server.url, userPat);
});
afterAll(() => server.close());

describe('HTTP fuzzing', () => {
  test.prop([fuzzRequest], { numRuns: process.env.CI ? 500 : 100 })(
    'answers any request without a 5xx, in ISC shapes',
    async (request) => {
      const { status, text } = await send(server.url, token, request);
      const what = `${request.method} ${request.target}`;
      expect(status, what).toBeLessThan(500);
      if (request.method !== 'HEAD')
        expect(iscShaped(status, text), `${what} ${status} ${text.slice(0, 200)}`).toBe(true);
    },
  );

  test.prop([fc.constant(null)], { numRuns: 1 })('leaves the state whole', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(stateProblems(server.store)).toEqual([]);
  });
});
