import { apiVersions, apiVersionTable, identityApiVersions } from '@patkit/model/core';
import type { Controls } from './admin/controls.js';
import { adminRoutes } from './admin/routes.js';
import type { ServerContext } from './context.js';
import { dashboardHtml, dashboardPolicy } from './dashboard.js';
import type { Handler } from './http/request.js';
import type { Route } from './http/router.js';
import { deleteIdentity, getIdentity, listIdentities } from './identities/endpoints.js';
import { authenticated, createPat, deletePat, listPats, patchPat } from './pats/endpoints.js';
import { mintToken } from './pats/token-endpoint.js';

/**
 * A route of the mock server. The API's routes (and requests no route
 * answers) can be given faults and are logged and journaled; `control`
 * routes (admin API, OpenAPI document, dashboard) never are.
 */
export interface MockRoute extends Route {
  readonly handler: Handler;
  readonly control?: true;
}

export interface RouteOptions {
  /** Serve the admin API under /__admin and the dashboard at /. */
  readonly admin: boolean;
  readonly adminToken?: string;
  /** The address the server listens on: a Host naming it (or loopback) may use the admin API without a token. */
  readonly listenHost?: string;
}

const text = (contentType: string, body: string, headers: Record<string, string> = {}) => ({
  status: 200,
  body,
  headers: { 'content-type': contentType, ...headers },
});

/** The OpenAPI documents, loaded when first asked for: they and the YAML printer are not needed to start. */
const openApi = async () => (await import('./openapi.js')).openApiTexts();

/** Every route the mock server answers: the one table. */
export function mockRoutes(ctx: ServerContext, controls: Controls, options: RouteOptions): MockRoute[] {
  const pats = apiVersions.flatMap((apiVersion): MockRoute[] => {
    const collection = apiVersionTable[apiVersion].basePath;
    const item = `${collection}/:id`;
    return [
      { method: 'GET', path: collection, handler: authenticated(ctx, apiVersion, listPats, collection) },
      { method: 'POST', path: collection, handler: authenticated(ctx, apiVersion, createPat, collection) },
      { method: 'PATCH', path: item, handler: authenticated(ctx, apiVersion, patchPat, collection) },
      { method: 'DELETE', path: item, handler: authenticated(ctx, apiVersion, deletePat, collection) },
    ];
  });
  const identities = identityApiVersions.flatMap((apiVersion): MockRoute[] => {
    const collection = apiVersionTable[apiVersion].identities.basePath;
    return [
      { method: 'GET', path: collection, handler: authenticated(ctx, apiVersion, listIdentities, collection) },
      { method: 'GET', path: `${collection}/:id`, handler: authenticated(ctx, apiVersion, getIdentity, collection) },
      {
        method: 'DELETE',
        path: `${collection}/:id`,
        handler: authenticated(ctx, apiVersion, deleteIdentity, collection),
      },
    ];
  });
  const control: MockRoute[] = [
    {
      method: 'GET',
      path: '/openapi.json',
      handler: async () => text('application/json;charset=utf-8', (await openApi()).json),
    },
    {
      method: 'GET',
      path: '/openapi.yaml',
      handler: async () => text('application/yaml;charset=utf-8', (await openApi()).yaml),
    },
    { method: 'GET', path: '/favicon.ico', handler: () => ({ status: 204 }) },
  ];
  if (options.admin) {
    control.push(
      {
        method: 'GET',
        path: '/',
        handler: () =>
          text('text/html;charset=utf-8', dashboardHtml, {
            'cache-control': 'no-store',
            'content-security-policy': dashboardPolicy(),
          }),
      },
      ...adminRoutes(controls, options.adminToken, options.listenHost ?? '127.0.0.1'),
    );
  }
  return [
    { method: 'POST', path: '/oauth/token', handler: (call) => mintToken(call, ctx) },
    ...pats,
    ...identities,
    ...control.map((route) => ({ ...route, control: true as const })),
  ];
}
