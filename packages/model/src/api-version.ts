// @patkit/model/api-versions: every API version patkit speaks, as one table.
// Everything else about versions (the list, the wire shape of each, where
// its PAT paths live, the CLI's choices, the mock's routes and OpenAPI
// document, the client's base paths) is derived from it. No dependencies.

/**
 * The two wire shapes. `current`: v2025, v2026 and `/personal-access-tokens/v1`.
 * `legacy`: v3, beta and v2024 — no `userAwareTokenNeverExpires`, expiry
 * defaults to six months after creation and cannot be later than that.
 */
export type ModelVariant = 'current' | 'legacy';

export interface ApiVersionInfo {
  /** The wire shape of its PAT models. */
  readonly variant: ModelVariant;
  /** Where its PAT collection lives; an item is `${basePath}/{id}`. */
  readonly basePath: string;
  /** SailPoint's OpenAPI files that define its PAT paths (relative to SailPoint's api-specs repository). */
  readonly specFiles: { readonly list: string; readonly item: string };
  /** Its identities collection (`GET`, `GET /{id}`), where it has one: audit looks PAT owners up there. */
  readonly identities?: {
    readonly basePath: string;
    readonly specFiles: { readonly list: string; readonly item: string };
  };
}

const identitiesOf = (version: string) =>
  ({
    basePath: `/${version}/identities`,
    specFiles: { list: `idn/${version}/paths/identities.yaml`, item: `idn/${version}/paths/identity.yaml` },
  }) as const;

/** Every API version patkit speaks, newest first. Adding a version is one row here (and its spec files). */
export const apiVersionTable = {
  v2026: {
    variant: 'current',
    basePath: '/v2026/personal-access-tokens',
    specFiles: {
      list: 'idn/v2026/paths/personal-access-tokens.yaml',
      item: 'idn/v2026/paths/personal-access-token.yaml',
    },
    identities: identitiesOf('v2026'),
  },
  v2025: {
    variant: 'current',
    basePath: '/v2025/personal-access-tokens',
    specFiles: {
      list: 'idn/v2025/paths/personal-access-tokens.yaml',
      item: 'idn/v2025/paths/personal-access-token.yaml',
    },
    identities: identitiesOf('v2025'),
  },
  v1: {
    variant: 'current',
    basePath: '/personal-access-tokens/v1',
    specFiles: {
      list: 'idn/apis/personal-access-tokens/paths/personal-access-tokens-v1.yaml',
      item: 'idn/apis/personal-access-tokens/paths/personal-access-tokens-v1-by-id.yaml',
    },
    // The per-service identities API, beside the per-service PAT API.
    identities: {
      basePath: '/identities/v1',
      specFiles: {
        list: 'idn/apis/identities/paths/identities-v1.yaml',
        item: 'idn/apis/identities/paths/identities-v1-by-id.yaml',
      },
    },
  },
  v2024: {
    variant: 'legacy',
    basePath: '/v2024/personal-access-tokens',
    specFiles: {
      list: 'idn/v2024/paths/personal-access-tokens.yaml',
      item: 'idn/v2024/paths/personal-access-token.yaml',
    },
    identities: identitiesOf('v2024'),
  },
  beta: {
    variant: 'legacy',
    basePath: '/beta/personal-access-tokens',
    specFiles: {
      list: 'idn/beta/paths/personal-access-tokens.yaml',
      item: 'idn/beta/paths/personal-access-token.yaml',
    },
    identities: identitiesOf('beta'),
  },
  v3: {
    variant: 'legacy',
    basePath: '/v3/personal-access-tokens',
    specFiles: {
      list: 'idn/v3/paths/personal-access-tokens.yaml',
      item: 'idn/v3/paths/personal-access-token.yaml',
    },
  },
} as const satisfies Record<string, ApiVersionInfo>;

type Table = typeof apiVersionTable;

export type ApiVersion = keyof Table;

/** Every API version, newest first. */
export const apiVersions = Object.keys(apiVersionTable) as readonly ApiVersion[];

/** The versions that have an identities collection, newest first. */
export type IdentityApiVersion = {
  [V in ApiVersion]: Table[V] extends { identities: object } ? V : never;
}[ApiVersion];

/** The API versions with an identities collection, newest first. */
export const identityApiVersions = apiVersions.filter(
  (version): version is IdentityApiVersion => 'identities' in apiVersionTable[version],
);

/** The API version used when none is given. */
export const defaultApiVersion = 'v1' satisfies ApiVersion;

export type VariantOf<V extends ApiVersion> = Table[V]['variant'];

export type LegacyApiVersion = { [V in ApiVersion]: VariantOf<V> extends 'legacy' ? V : never }[ApiVersion];

/** The versions of the legacy shape. */
export const legacyApiVersions = apiVersions.filter(
  (version) => apiVersionTable[version].variant === 'legacy',
) as readonly LegacyApiVersion[];

export function isApiVersion(value: unknown): value is ApiVersion {
  return typeof value === 'string' && Object.hasOwn(apiVersionTable, value);
}

export function variantOf<V extends ApiVersion>(apiVersion: V): VariantOf<V> {
  return apiVersionTable[apiVersion].variant as VariantOf<V>;
}

/** The collections of every version: its PATs' and its identities'. */
const collections = apiVersions.flatMap((version) => {
  const info: ApiVersionInfo = apiVersionTable[version];
  return info.identities === undefined ? [info.basePath] : [info.basePath, info.identities.basePath];
});

/**
 * The path of the API version a request path (`/v2025/identities?…`,
 * `/identities/v1/ID`) belongs to, which ISC's gateway rate limit counts
 * apart: `/v2025` for an annual version's paths, the collection
 * (`/identities/v1`) for a per-service version's.
 */
export function rateLimitPath(path: string): string {
  const within = (prefix: string) => path.startsWith(prefix) && /^[/?]?$/.test(path.charAt(prefix.length));
  const annual = apiVersions.find((version) => within(`/${version}`));
  if (annual !== undefined) return `/${annual}`;
  return collections.find(within) ?? path.replace(/\?.*$/s, '');
}
