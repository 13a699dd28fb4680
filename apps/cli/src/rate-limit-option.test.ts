import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error.js';
import { rateLimitOf } from './connect.js';

describe('--rate-limit and PATKIT_RATE_LIMIT', () => {
  it("is ISC's default when neither is given, the flag before the variable", () => {
    expect(rateLimitOf({}, {})).toEqual({});
    expect(rateLimitOf({}, { PATKIT_RATE_LIMIT: '' })).toEqual({});
    expect(rateLimitOf({}, { PATKIT_RATE_LIMIT: 'off' })).toEqual({ rateLimit: false });
    expect(rateLimitOf({}, { PATKIT_RATE_LIMIT: '200/10s' })).toEqual({ rateLimit: { requests: 200, perSeconds: 10 } });
    expect(rateLimitOf({ rateLimit: '50/1m' }, { PATKIT_RATE_LIMIT: 'off' })).toEqual({
      rateLimit: { requests: 50, perSeconds: 60 },
    });
  });

  it('refuses what is no limit, naming where it came from', () => {
    for (const [options, env, named] of [
      [{ rateLimit: '100' }, {}, '--rate-limit'],
      [{ rateLimit: '0/10s' }, {}, '--rate-limit'],
      [{ rateLimit: '100/soon' }, {}, '--rate-limit'],
      [{}, { PATKIT_RATE_LIMIT: 'none' }, 'PATKIT_RATE_LIMIT'],
    ] as const) {
      expect(() => rateLimitOf(options, env)).toThrow(CliError);
      expect(() => rateLimitOf(options, env)).toThrow(named);
    }
  });
});
