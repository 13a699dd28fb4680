import { describe, expect, it } from 'vitest';
import { apiVersions, apiVersionTable, rateLimitPath } from './api-version.js';

describe('rateLimitPath', () => {
  it('is the annual version for its paths, the collection for a per-service version', () => {
    expect(rateLimitPath('/v2025/personal-access-tokens')).toBe('/v2025');
    expect(rateLimitPath('/v2025/identities?filters=id+eq+%22a%22')).toBe('/v2025');
    expect(rateLimitPath('/beta/personal-access-tokens/abc')).toBe('/beta');
    expect(rateLimitPath('/personal-access-tokens/v1?owner-id=me')).toBe('/personal-access-tokens/v1');
    expect(rateLimitPath('/personal-access-tokens/v1/abc')).toBe('/personal-access-tokens/v1');
    expect(rateLimitPath('/identities/v1?limit=250')).toBe('/identities/v1');
    // A prefix is a whole segment: `/v20250` is no version of ours.
    expect(rateLimitPath('/v20250/x?y')).toBe('/v20250/x');
  });

  it('counts the two collections of a per-service version apart, and those of an annual one together', () => {
    for (const version of apiVersions) {
      const { basePath, identities } = apiVersionTable[version] as (typeof apiVersionTable)['v2025'];
      if (identities === undefined) continue;
      const apart = rateLimitPath(basePath) !== rateLimitPath(identities.basePath);
      expect(apart).toBe(!basePath.startsWith(`/${version}/`));
    }
  });
});
