import {
  ApiError,
  ClientError,
  type ConfigLayer,
  createClient,
  defaultTokenDir,
  fileTokenStore,
  type OwnerIdentity,
  type PatClient,
  type RateLimit,
  type Setting,
  settingNames,
  type TokenStore,
} from '@patkit/client';
import type { ApiVersion, GetPersonalAccessTokenResponse } from '@patkit/model';
import { identitiesRefused, type OwnerLookup } from './audit/owners.js';
import { CliError, usageError } from './cli-error.js';
import { parseSeconds } from './durations.js';
import { exitCodes } from './exit-codes.js';
import { configFile, type ProfilesFile, readProfiles, readSecret } from './profiles.js';
import { withProgress } from './progress.js';
import { readStdinSecret } from './read-input.js';
import { translateErrors } from './report-error.js';

export interface ConnectOptions {
  readonly baseUrl?: string;
  readonly clientId?: string;
  readonly clientSecretStdin?: boolean;
  readonly apiVersion?: ApiVersion;
  readonly profile?: string;
  /** false with --no-token-cache. */
  readonly tokenCache?: boolean;
  /** --rate-limit: `100/10s` or `off`. */
  readonly rateLimit?: string;
}

/**
 * The rate limit the client keeps under: --rate-limit, else
 * PATKIT_RATE_LIMIT (`N/duration`, or `off`); undefined: ISC's default.
 */
export function rateLimitOf(
  options: Pick<ConnectOptions, 'rateLimit'>,
  env = process.env,
): { rateLimit?: RateLimit | false } {
  const [text, flag] =
    options.rateLimit === undefined
      ? [env.PATKIT_RATE_LIMIT, 'PATKIT_RATE_LIMIT']
      : [options.rateLimit, '--rate-limit'];
  if (text === undefined || text === '') return {};
  if (text === 'off') return { rateLimit: false };
  const [requests, window] = text.split('/');
  if (!/^[1-9][0-9]*$/.test(requests ?? '') || window === undefined)
    throw usageError(`${flag} takes requests per window, such as 100/10s, or off; got ${JSON.stringify(text)}`);
  const perSeconds = parseSeconds(window, flag);
  if (perSeconds < 1) throw usageError(`${flag} takes a window of at least 1s; got ${JSON.stringify(text)}`);
  return { rateLimit: { requests: Number(requests), perSeconds } };
}

/**
 * Where access tokens are kept between runs (the user's cache folder), so
 * that a command does not wait for a new one; none with --no-token-cache
 * or PATKIT_NO_TOKEN_CACHE set (to anything but 0 or false).
 */
export function tokenStoreOf(options: Pick<ConnectOptions, 'tokenCache'>, env = process.env): TokenStore | undefined {
  const off = env.PATKIT_NO_TOKEN_CACHE;
  if (options.tokenCache === false || (off !== undefined && off !== '' && off !== '0' && off !== 'false'))
    return undefined;
  return fileTokenStore(defaultTokenDir(env));
}

export interface Connection {
  readonly client: PatClient<ApiVersion>;
  /** Where each setting came from. */
  readonly sources: Readonly<Record<'baseUrl' | 'clientId' | 'clientSecret', string>>;
}

/**
 * A client configured from, highest first: flags; the --profile named; the
 * SAIL_* environment; the current profile; then ./config.json and
 * ~/.sailpoint/config.yaml — the client's own order, with patkit's flags and
 * profiles as further layers. `profiles`: the profiles file, when it was
 * read already (a run across tenants reads it once).
 */
export async function connect(options: ConnectOptions, profiles?: ProfilesFile): Promise<Connection> {
  const file = profiles ?? (await readProfiles());
  if (options.profile !== undefined && file.profiles[options.profile] === undefined) {
    throw new CliError('not_found', `no profile ${options.profile} in ${configFile()}`, {
      exitCode: exitCodes.notFound,
      hint: 'patkit config list',
    });
  }
  const warn = (message: string) => process.stderr.write(`patkit: warning: ${message}\n`);
  const flags = {
    baseUrl: options.baseUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecretStdin ? await readStdinSecret() : undefined,
  };
  const profileLayer = (name: string, source: string): ConfigLayer => ({
    source,
    read: () => {
      const p = file.profiles[name] ?? {};
      return {
        baseUrl: p.baseUrl,
        clientId: p.clientId,
        clientSecret: p.clientSecretFile ? readSecret(p.clientSecretFile, warn) : undefined,
      };
    },
  });
  const profileVersion = file.profiles[options.profile ?? file.current ?? '']?.apiVersion;
  const apiVersion = options.apiVersion ?? (profileVersion as ApiVersion | undefined);
  const tokenStore = tokenStoreOf(options);
  const client = createClient<ApiVersion>({
    ...(apiVersion === undefined ? {} : { apiVersion }),
    ...rateLimitOf(options),
    ...(tokenStore === undefined ? {} : { tokenStore }),
    configEnvironment: {
      warn,
      beforeEnvironment: [
        { source: 'flag', read: () => flags },
        ...(options.profile === undefined ? [] : [profileLayer(options.profile, `profile ${options.profile}`)]),
      ],
      afterEnvironment:
        options.profile === undefined && file.current !== undefined
          ? [profileLayer(file.current, `profile ${file.current} (current)`)]
          : [],
    },
  });
  return { client, sources: client.config.sources };
}

/**
 * `--owner` as the list operation takes it: `me`, `all`, or an identity id.
 * ISC's owner-id takes only ids, so a name or alias would find nothing,
 * silently: anything else is looked up in the identities API by id, name
 * or alias, and must find one identity. Without idn:identity:read it is
 * taken as an id.
 */
async function ownerQuery(
  client: PatClient<ApiVersion>,
  owner: string,
  met: MetOwners | undefined,
): Promise<{ ownerId?: string }> {
  if (owner === 'all') return {};
  if (owner === 'me') return { ownerId: owner };
  const quoted = JSON.stringify(owner);
  let found: OwnerIdentity[];
  try {
    found = await client.findIdentities(`id eq ${quoted} or name eq ${quoted} or alias eq ${quoted}`);
  } catch (error) {
    if (identitiesRefused(error) === undefined) throw error;
    if (/\s/.test(owner))
      throw usageError(
        `--owner ${quoted}: names are looked up in the identities API, which this PAT cannot read (it needs idn:identity:read)`,
        'give the identity id: patkit list --owner all -o table --fields owner.name,owner.id',
      );
    return { ownerId: owner };
  }
  const exact = found.find((identity) => identity.id === owner);
  if (exact !== undefined) {
    met?.set(exact.id, exact);
    return { ownerId: owner };
  }
  const [only, ...more] = found;
  if (only === undefined)
    throw new CliError('not_found', `--owner ${quoted}: no identity has that id, name or alias`, {
      exitCode: exitCodes.notFound,
      hint: 'patkit list --owner all -o table --fields owner.name,owner.id lists the owners of PATs',
    });
  if (more.length > 0)
    throw usageError(
      `--owner ${quoted} names ${found.length} identities: ${found.map((identity) => `${identity.name ?? '?'} (${identity.id})`).join(', ')}`,
      'give the id of the one you mean',
    );
  if (process.stderr.isTTY) process.stderr.write(`patkit: --owner ${quoted} is ${only.name ?? '?'} (${only.id})\n`);
  met?.set(only.id, only);
  return { ownerId: only.id };
}

/** Identities read already, by id: the one `--owner` named, found to list its PATs. */
export type MetOwners = Map<string, OwnerIdentity>;

/** Owners looked up in ISC's identities API, but for those `met` has: `--owner`'s is not asked for twice. */
export function identitiesLookup(client: PatClient<ApiVersion>, met: MetOwners): OwnerLookup {
  return async (ids) => {
    const known = ids.flatMap((id) => {
      const identity = met.get(id);
      return identity === undefined ? [] : [[id, identity] as const];
    });
    const asked = ids.filter((id) => !met.has(id));
    return asked.length === 0 ? new Map(known) : new Map([...known, ...(await client.identities(asked))]);
  };
}

/** The PATs of an owner (`me`, `all`, an identity's id, name or alias), with a progress line on a terminal. */
export async function listPats(
  client: PatClient<ApiVersion>,
  owner: string,
  filters?: Parameters<PatClient<ApiVersion>['list']>[0],
  met?: MetOwners,
): Promise<GetPersonalAccessTokenResponse[]> {
  const query = await ownerQuery(client, owner, met);
  return withProgress('listing PATs', client.list({ ...query, ...filters })) as Promise<
    GetPersonalAccessTokenResponse[]
  >;
}

/** The same list, decoded as it arrives: memory does not grow with the tenant. */
export async function* streamPats(
  client: PatClient<ApiVersion>,
  owner: string,
  filters?: Parameters<PatClient<ApiVersion>['list']>[0],
): AsyncGenerator<GetPersonalAccessTokenResponse> {
  const query = await ownerQuery(client, owner, undefined);
  yield* client.listStream({ ...query, ...filters }) as AsyncIterable<GetPersonalAccessTokenResponse>;
}

/** The same, a batch (the PATs of each chunk received) at a time. */
export async function* patBatches(
  client: PatClient<ApiVersion>,
  owner: string,
  met?: MetOwners,
): AsyncGenerator<GetPersonalAccessTokenResponse[]> {
  const query = await ownerQuery(client, owner, met);
  yield* client.listBatches(query) as AsyncIterable<GetPersonalAccessTokenResponse[]>;
}

// Every way patkit takes a setting, highest precedence first (see connect).
const flagOf: Record<Setting, string> = {
  baseUrl: '--base-url URL',
  clientId: '--client-id ID',
  clientSecret: '--client-secret-stdin',
};
const profileCommand: Record<Setting, string> = {
  baseUrl: 'patkit config set baseUrl URL',
  clientId: 'patkit config set clientId ID',
  clientSecret: 'patkit config set clientSecret --client-secret-stdin',
};
const waysOf = (setting: Setting) => [
  flagOf[setting],
  settingNames[setting].env,
  profileCommand[setting],
  `${settingNames[setting].configJson} in ./config.json`,
  '~/.sailpoint/config.yaml',
];

/** What a 404 on a PAT's path means: which PAT was looked for, among whose. */
function notFoundHint(path: string): string | undefined {
  const id = /\/personal-access-tokens(?:\/v1)?\/([^/?]+)$/.exec(path)?.[1];
  if (id === undefined) return undefined;
  return `no PAT ${decodeURIComponent(id)} among those this PAT may change (its owner's; an admin's rights reach the tenant's for delete): patkit list shows yours, --owner all the tenant's`;
}

/** An error of the client as the CliError it means for a user: its message, hint and exit code. */
function asCliError(error: unknown): unknown {
  if (error instanceof ApiError) {
    const exitCode =
      error.status === 401 || error.status === 403
        ? exitCodes.auth
        : error.status === 404
          ? exitCodes.notFound
          : exitCodes.api;
    const hint =
      error.status === 401
        ? 'check the client id and secret (patkit reads SAIL_CLIENT_ID, SAIL_CLIENT_SECRET, ./config.json and ~/.sailpoint/config.yaml)'
        : error.status === 403
          ? "the PAT's scopes do not allow this"
          : error.status === 404
            ? notFoundHint(error.path)
            : undefined;
    return new CliError('api_error', error.message, {
      exitCode,
      cause: error,
      ...(hint === undefined ? {} : { hint }),
    });
  }
  if (error instanceof ClientError && error.code === 'config_missing' && error.missing !== undefined) {
    const names = error.missing.join(', ');
    return new CliError(
      'config_missing',
      `not configured: no ${names}. Give ${error.missing.length === 1 ? 'it' : 'each'} in one of these ways:\n${error.missing
        .map((setting) => `  ${setting.padEnd(12)}  ${waysOf(setting).join(' · ')}`)
        .join('\n')}`,
      {
        exitCode: exitCodes.usage,
        cause: error,
        hint: 'patkit config --help (profiles keep all three, the secret in a 0600 file)',
      },
    );
  }
  if (error instanceof ClientError) {
    const usage =
      error.code === 'config_missing' || error.code === 'config_invalid' || error.code === 'invalid_argument';
    const hint =
      error.code === 'network' || error.code === 'timeout'
        ? 'check the base URL (--base-url, SAIL_BASE_URL or the profile: patkit config get baseUrl) and that the tenant is up'
        : undefined;
    return new CliError(error.code, error.message, {
      exitCode: usage ? exitCodes.usage : exitCodes.failure,
      cause: error,
      ...(hint === undefined ? {} : { hint }),
    });
  }
  return error;
}

translateErrors(asCliError);
