import { describe, expect, it } from 'vitest';
import { Router } from './router.js';

const router = new Router([
  { method: 'GET', path: '/', name: 'home' },
  { method: 'GET', path: '/v1/items', name: 'list' },
  { method: 'POST', path: '/v1/items', name: 'create' },
  { method: 'DELETE', path: '/v1/items/:id', name: 'delete' },
  { method: 'GET', path: '/v1/items/special', name: 'special' },
]);

const found = (method: string, path: string) => {
  const match = router.match(method, path);
  return match.kind === 'found' ? [match.route.name, match.params] : match;
};

describe('Router', () => {
  it('matches fixed segments before parameters, and decodes parameters', () => {
    expect(found('GET', '/')).toEqual(['home', {}]);
    expect(found('GET', '/v1/items')).toEqual(['list', {}]);
    expect(found('GET', '/v1/items/special')).toEqual(['special', {}]);
    expect(found('DELETE', '/v1/items/special')).toEqual(['delete', { id: 'special' }]);
    expect(found('DELETE', '/v1/items/a%2Fb')).toEqual(['delete', { id: 'a/b' }]);
  });

  it('takes one trailing slash as the same path, and nothing else', () => {
    expect(found('GET', '/v1/items/')).toEqual(['list', {}]);
    for (const path of ['/v1/items//', '//', '/v1//items', '/v1/items/%E0%A4%A', '/v1', '/v2/items', '/v1/items/x/y'])
      expect(router.match('DELETE', path), path).toEqual({ kind: 'not-found' });
  });

  it('answers a known path with an unknown method with the methods it has', () => {
    expect(router.match('PUT', '/v1/items')).toEqual({ kind: 'method-not-allowed', allow: ['GET', 'POST'] });
    expect(router.match('GET', '/v1/items/1')).toEqual({ kind: 'method-not-allowed', allow: ['DELETE'] });
  });

  it('refuses a table that routes one request twice or names one parameter two ways', () => {
    expect(
      () =>
        new Router([
          { method: 'GET', path: '/a' },
          { method: 'GET', path: '/a/' },
        ]),
    ).toThrow(/twice/);
    expect(
      () =>
        new Router([
          { method: 'GET', path: '/a/:id' },
          { method: 'PUT', path: '/a/:name' },
        ]),
    ).toThrow(/conflicts/);
  });
});
