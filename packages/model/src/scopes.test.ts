import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { specNode, specRoot } from '@patkit/reference';
import { describe, expect, it } from 'vitest';
import { closestKnownScope, isKnownScope, knownScopes } from './scopes.js';

/** Every scope the security requirements of the PAT and identity paths kept in reference/ ask for. */
function referenceScopes(): Set<string> {
  const scopes = new Set<string>();
  for (const version of readdirSync(join(specRoot, 'idn'))) {
    const folder = join(specRoot, 'idn', version, 'paths');
    let files: string[];
    try {
      files = readdirSync(folder);
    } catch {
      continue;
    }
    for (const file of files)
      for (const method of ['get', 'post', 'put', 'patch', 'delete'])
        for (const requirement of (specNode(join('idn', version, 'paths', file), `/${method}/security`) ??
          []) as unknown as object[])
          for (const list of Object.values(requirement)) for (const scope of list as string[]) scopes.add(scope);
  }
  return scopes;
}

describe('known scopes', () => {
  it('hold every scope the reference spec files ask for (a stale list fails here)', () => {
    const scopes = referenceScopes();
    expect(scopes.size).toBeGreaterThan(5);
    expect([...scopes].filter((scope) => !isKnownScope(scope))).toEqual([]);
  });

  it('are sorted, unique, and each a colon-separated scope name', () => {
    expect([...knownScopes].sort()).toEqual(knownScopes);
    expect(new Set(knownScopes).size).toBe(knownScopes.length);
    for (const scope of knownScopes) expect(scope).toMatch(/^[a-z]+(:[a-z0-9-]+)+$/);
  });

  it('suggest the closest known scope for a typo, and nothing for a stranger', () => {
    expect(closestKnownScope('sp:my-personal-access-token:read')).toBe('sp:my-personal-access-tokens:read');
    expect(closestKnownScope('idn:identity:raed')).toBe('idn:identity:read');
    expect(closestKnownScope('sp:scope:all')).toBe('sp:scopes:all');
    expect(closestKnownScope('completely-unrelated')).toBeUndefined();
    expect(isKnownScope('sp:my-personal-access-token:read')).toBe(false);
  });
});
