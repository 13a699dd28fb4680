import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { parseJsonPointer, toJsonPointer } from './json-pointer.js';

describe('toJsonPointer', () => {
  it('escapes ~ and / as RFC 6901 says', () => {
    expect(toJsonPointer([])).toBe('');
    expect(toJsonPointer(['owner', 'id'])).toBe('/owner/id');
    expect(toJsonPointer(['a/b', 'm~n', 0])).toBe('/a~1b/m~0n/0');
  });

  it('rejects text that is not a pointer', () => {
    expect(() => parseJsonPointer('owner')).toThrow(/must start with "\/"/);
    expect(() => parseJsonPointer('/a~2')).toThrow(/"~" must be followed by 0 or 1/);
  });

  test.prop([fc.array(fc.string())])('parse inverts toJsonPointer', (segments) => {
    expect(parseJsonPointer(toJsonPointer(segments))).toEqual(segments);
  });
});
