// The tenants bench's floor sends the audit's requests as patkit does: its
// own copy of the look-up sizes (a plain script, it cannot import the
// sources) must be patkit's.
import { readFileSync } from 'node:fs';
import { identitiesPerRequest } from '@patkit/client';
import { describe, expect, it } from 'vitest';
import { lookupsAtOnce } from '../src/audit/owners.js';

const floor = readFileSync(new URL('../bench/floor-client.mjs', import.meta.url), 'utf8');
const constant = (name: string) => Number(new RegExp(`^const ${name} = (\\d+);$`, 'm').exec(floor)?.[1]);

describe('the floor of the tenants bench', () => {
  it('looks owners up as the audit does: as many ids a request, as many requests at once', () => {
    expect(constant('identitiesPerRequest')).toBe(identitiesPerRequest);
    expect(constant('lookupsAtOnce')).toBe(lookupsAtOnce);
  });
});
