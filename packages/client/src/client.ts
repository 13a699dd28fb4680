// Values from the zod-free core only: importing zod costs about 70 ms.
import type { ConstructorInput, CreatedPat, Model, PatPatchOperation } from '@patkit/model';
import {
  type ApiVersion,
  apiVersions,
  apiVersionTable,
  defaultApiVersion,
  type IdentityApiVersion,
  identityApiVersions,
  isApiVersion,
  type LegacyApiVersion,
  type ModelName,
  rateLimitPath,
  variantOf,
} from '@patkit/model/core';
import {
  createDecoder,
  type Decoded,
  decodeBatches,
  decodeList,
  encode,
  type Mode,
  parseJson,
  SerializerError,
} from '@patkit/serializer';
import { ClientError } from './client-error.js';
import { type ConfigEnvironment, type Credentials, type ResolvedConfig, resolveConfig } from './config.js';
import { toApiError } from './error-response.js';
import type { Filter } from './filters.js';
import { bothHooks, type ClientHooks } from './hooks.js';
import { httpFetch } from './http-fetch.js';
import {
  identitiesPageLimit,
  identitiesPerRequest,
  idsFilter,
  type OwnerIdentity,
  ownerIdentity,
} from './identities.js';
import { patches } from './patches.js';
import { iscRateLimit, type RateLimit, type RatePacer, sharedPacer } from './rate-pacer.js';
import { type MintedToken, TokenCache } from './token-cache.js';
import type { TokenStore } from './token-store.js';
import {
  checkedTransportSettings,
  checkTimeoutMs,
  type OutgoingRequest,
  type RetryOptions,
  realTiming,
  send,
  type Timing,
} from './transport.js';

export interface ClientOptions<V extends ApiVersion = ApiVersion, M extends Mode = Mode> extends Partial<Credentials> {
  /** The API version to call, with its model variant. Default: `defaultApiVersion`. */
  readonly apiVersion?: V;
  /**
   * How responses are decoded. Default `tolerant`: absent keys get the
   * spec's defaults (a `Pat` always has `managed`). `strict` refuses unknown
   * keys and leaves absent ones absent.
   */
  readonly mode?: M;
  /** Per-attempt timeout in ms. Default 30,000. */
  readonly timeoutMs?: number;
  readonly retry?: RetryOptions;
  /** Where configuration files and variables are looked for (tests use this). */
  readonly configEnvironment?: ConfigEnvironment;
  /**
   * Default: `httpFetch`, on node:http(s), lighter than the global fetch
   * with many lists at once. Pass `fetch` (or one of yours) for a proxy
   * dispatcher or a test double.
   */
  readonly fetch?: typeof fetch;
  /** Clock, sleep and randomness, replaceable in tests. */
  readonly timing?: Partial<Timing>;
  /**
   * Where the access token is kept between runs (`fileTokenStore()`); none
   * by default: each client mints its own. A token the API refuses is
   * forgotten there, and so are the tokens of a PAT the client deletes.
   */
  readonly tokenStore?: TokenStore;
  /** Called for every attempt, response and retry of every call (logging, metrics). */
  readonly hooks?: ClientHooks;
  /** Sent as the User-Agent, before patkit's own (`my-tool/1.0 @patkit/client`). */
  readonly userAgent?: string;
  /**
   * An access token you have already (from another tool, a CI secret), or
   * a function that gives one: the client then mints none, needs no client
   * id or secret, and keeps nothing in `tokenStore`. A function is asked
   * once, and again after the API refuses its token (401); a string is used
   * until then, and a 401 is the call's error.
   */
  readonly accessToken?: string | (() => string | Promise<string>);
  /**
   * ISC's gateway rate limit, which the client keeps under: a request waits
   * its turn rather than meet a 429. Counted per tenant, client id (or
   * access token) and API version, and shared by the clients of this
   * process. Default `{ requests: 100, perSeconds: 10 }`, as SailPoint
   * documents it; `false` sends at once (429s are still waited out).
   */
  readonly rateLimit?: RateLimit | false;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  /** This call's timeout per attempt, in place of the client's. */
  readonly timeoutMs?: number;
  /** Headers added to this call's requests (not authorization, accept or content-type, which the client sets). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Hooks for this call, called after the client's: `onResponse` gives the raw status and headers. */
  readonly hooks?: ClientHooks;
}

export interface ListOptions extends CallOptions {
  /** `'me'`, an identity id, or omitted for every PAT of the tenant (needs an "all" right). */
  readonly ownerId?: string;
  /** `lastUsed.le(date)`, `lastUsed.isNull()`, or a raw filter string. */
  readonly filters?: Filter | string;
}

export interface CreateOptions extends CallOptions {
  /** Repeat the create after an error that may have reached the server (may create a duplicate). Default false. */
  readonly retryCreate?: boolean;
}

const patkitAgent = '@patkit/client';

/** The headers the client sets itself: a call's own cannot replace them. */
const ownHeaders = new Set(['authorization', 'accept', 'content-type']);

/**
 * A response body that stopped while it was read: the transport's timeout
 * (a `ClientError`, its code kept) or a closed connection (`network`).
 */
function brokeOff(what: string, error: unknown): ClientError {
  if (error instanceof ClientError) return new ClientError(error.code, `${what}: ${error.message}`, { cause: error });
  return new ClientError('network', `${what}: the connection closed (${(error as Error).message})`, { cause: error });
}

/** A PAT as a client in mode M reads it: a `Pat<V>` in tolerant mode (the default). */
export type ClientPat<V extends ApiVersion, M extends Mode> = Decoded<'GetPersonalAccessTokenResponse', V, M>;

/** A client for the PAT API of one tenant, one PAT and one API version. */
export class PatClient<V extends ApiVersion = typeof defaultApiVersion, M extends Mode = 'tolerant'> {
  /** The settings in use and where each came from. */
  readonly config: ResolvedConfig;
  /** Where the access token is kept between runs, when it is. */
  readonly tokenStore: TokenStore | undefined;
  readonly apiVersion: V;
  private readonly mode: M;
  private readonly transport: Parameters<typeof send>[1];
  private readonly tokens: TokenCache;
  private readonly basePath: string;
  private readonly hooks: ClientHooks | undefined;
  private readonly userAgent: string;
  /** Whether a refused token can be replaced: one the client mints, or one from the caller's function. */
  private readonly renewable: boolean;
  private readonly pacer: RatePacer | undefined;

  constructor(options: ClientOptions<V, M> = {}) {
    const apiVersion = (options.apiVersion ?? defaultApiVersion) as V;
    if (!isApiVersion(apiVersion)) {
      throw new ClientError(
        'invalid_argument',
        `unknown API version ${JSON.stringify(apiVersion)}; use one of ${apiVersions.join(', ')}`,
      );
    }
    const { baseUrl, clientId, clientSecret, accessToken } = options;
    const given = accessTokenOf(accessToken);
    this.config = resolveConfig(
      {
        ...(baseUrl === undefined ? {} : { baseUrl }),
        ...(clientId === undefined ? {} : { clientId }),
        ...(clientSecret === undefined ? {} : { clientSecret }),
      },
      options.configEnvironment,
      // With a token of the caller's, the client mints none: only the tenant is needed.
      given === undefined ? undefined : ['baseUrl'],
    );
    // The secret stays off enumerable properties, so logging the client or its config shows no secret.
    Object.defineProperty(this.config, 'clientSecret', { enumerable: false });
    this.apiVersion = apiVersion;
    this.mode = options.mode ?? ('tolerant' as M);
    if (this.mode !== 'tolerant' && this.mode !== 'strict')
      throw new ClientError('invalid_argument', `mode is ${JSON.stringify(this.mode)}; use 'tolerant' or 'strict'`);
    this.basePath = apiVersionTable[apiVersion].basePath;
    const timing: Timing = { ...realTiming, ...options.timing };
    this.transport = {
      fetch: options.fetch ?? httpFetch,
      ...checkedTransportSettings(options.timeoutMs, options.retry),
      timing,
    };
    this.tokenStore = options.tokenStore;
    this.hooks = options.hooks;
    if (options.userAgent !== undefined && (typeof options.userAgent !== 'string' || /[\r\n]/.test(options.userAgent)))
      throw new ClientError(
        'invalid_argument',
        `userAgent is ${JSON.stringify(options.userAgent)}; give one line of text`,
      );
    this.userAgent = options.userAgent === undefined ? patkitAgent : `${options.userAgent} ${patkitAgent}`;
    this.renewable = typeof accessToken !== 'string';
    this.pacer = sharedPacer(options.rateLimit ?? iscRateLimit);
    this.tokens = new TokenCache(
      given ??
        (async () => {
          const token = await this.mintToken();
          return { accessToken: token.access_token, expiresIn: token.expires_in };
        }),
      timing.now,
      options.tokenStore === undefined || given !== undefined
        ? undefined
        : { store: options.tokenStore, key: () => this.config },
    );
  }

  private get secrets(): string[] {
    return [this.config.clientSecret];
  }

  private async decodeBody<N extends ModelName>(model: N, response: Response, path: string): Promise<Decoded<N, V, M>> {
    const text = await response.text();
    const result = createDecoder(model, { apiVersion: this.apiVersion, mode: this.mode }).decode(text);
    if (result.ok) return result.value as Decoded<N, V, M>;
    const [first, ...rest] = result.errors;
    throw new ClientError('invalid_response', `the response to ${path} is not a valid ${model}`, {
      cause:
        first === undefined ? undefined : new SerializerError([first, ...rest], { subject: `The ${model} received` }),
    });
  }

  /** A call's options as the transport takes them, checked. */
  private settings(options: CallOptions, contentType?: string) {
    if (options.timeoutMs !== undefined) checkTimeoutMs(options.timeoutMs);
    const headers: Record<string, string> = { 'user-agent': this.userAgent };
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (ownHeaders.has(name.toLowerCase()))
        throw new ClientError('invalid_argument', `headers.${name} is set by the client; leave it out`);
      headers[name.toLowerCase()] = value;
    }
    headers.accept = 'application/json';
    if (contentType !== undefined) headers['content-type'] = contentType;
    const hooks = bothHooks(this.hooks, options.hooks);
    return {
      headers,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(hooks === undefined ? {} : { hooks }),
    };
  }

  private async call(
    request: Pick<OutgoingRequest, 'method' | 'path' | 'body' | 'createsResource'> & {
      contentType?: string;
      options: CallOptions;
    },
  ): Promise<Response> {
    const { options, contentType, ...rest } = request;
    const settings = this.settings(options, contentType);
    for (let attempt = 1; ; attempt++) {
      const token = await this.tokens.get();
      const headers = { ...settings.headers, authorization: `Bearer ${token}` };
      const pace = this.pacer && {
        pacer: this.pacer,
        key: `${this.config.baseUrl} ${this.config.clientId || token} ${rateLimitPath(request.path)}`,
      };
      const response = await send(
        { ...rest, ...settings, url: this.config.baseUrl + request.path, headers, ...(pace && { pace }) },
        this.transport,
      );
      if (response.ok) return response;
      // A token can be revoked or expire early: mint (or ask for) a new one once.
      if (response.status === 401 && attempt === 1 && this.renewable) {
        await response.body?.cancel().catch(() => {});
        this.tokens.invalidate(token);
        continue;
      }
      throw await toApiError(
        response,
        request.method,
        request.path,
        [...this.secrets, token],
        this.transport.timing.now(),
      );
    }
  }

  /** Mints a new access token at `/oauth/token` with the PAT's credentials (not cached). */
  async mintToken(options: CallOptions = {}): Promise<Model<'OAuthTokenResponse', V>> {
    const path = '/oauth/token';
    if (this.config.clientId === '' || this.config.clientSecret === '')
      throw new ClientError(
        'unsupported',
        'this client was given an access token and no client id and secret: it cannot mint one; give clientId and clientSecret',
      );
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.config.clientId,
      client_secret: this.config.clientSecret,
    }).toString();
    const response = await send(
      {
        method: 'POST',
        path,
        url: this.config.baseUrl + path,
        body,
        ...this.settings(options, 'application/x-www-form-urlencoded'),
      },
      this.transport,
    );
    if (!response.ok) throw await toApiError(response, 'POST', path, this.secrets, this.transport.timing.now());
    // No key of a token response has a default: either mode reads the model as it is.
    return this.decodeBody('OAuthTokenResponse', response, path) as Promise<Model<'OAuthTokenResponse', V>>;
  }

  /**
   * The cached access token, minted when needed. A `signal` stops this
   * wait only: a token being minted for other calls is still minted.
   */
  async accessToken(options: Pick<CallOptions, 'signal'> = {}): Promise<string> {
    const { signal } = options;
    if (signal === undefined) return this.tokens.get();
    const aborted = () =>
      new ClientError('aborted', 'waiting for an access token was aborted', { cause: signal.reason });
    if (signal.aborted) throw aborted();
    return new Promise<string>((resolve, reject) => {
      const onAbort = () => reject(aborted());
      signal.addEventListener('abort', onAbort, { once: true });
      this.tokens.get().then(
        (token) => {
          signal.removeEventListener('abort', onAbort);
          resolve(token);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  /** Lists PATs: the caller's (`ownerId: 'me'`), one owner's, or the tenant's (omitted). */
  async list(options: ListOptions = {}): Promise<ClientPat<V, M>[]> {
    const path = this.listPath(options);
    const response = await this.call({ method: 'GET', path, options });
    const text = await response.text();
    const result = decodeList('GetPersonalAccessTokenResponse', text, {
      apiVersion: this.apiVersion,
      mode: this.mode,
      format: 'json',
    });
    if (result.ok) return result.value as ClientPat<V, M>[];
    const [first, ...rest] = result.errors;
    throw new ClientError('invalid_response', `the response to GET ${path} is not a list of PATs`, {
      cause: first === undefined ? undefined : new SerializerError([first, ...rest]),
    });
  }

  /**
   * Lists PATs as the response arrives, decoded as a stream, a batch (the
   * PATs of each chunk received) at a time: memory does not grow with the
   * tenant, and there is one await per chunk. Same options as `list`.
   */
  async *listBatches(options: ListOptions = {}): AsyncGenerator<ClientPat<V, M>[], void, undefined> {
    const path = this.listPath(options);
    const response = await this.call({ method: 'GET', path, options });
    if (response.body === null) return;
    let read = 0;
    try {
      for await (const batch of decodeBatches('GetPersonalAccessTokenResponse', response.body, {
        apiVersion: this.apiVersion,
        mode: this.mode,
        format: 'json',
      }) as AsyncGenerator<ClientPat<V, M>[]>) {
        read += batch.length;
        yield batch;
      }
    } catch (error) {
      if (error instanceof SerializerError)
        throw new ClientError('invalid_response', `the response to GET ${path} is not a list of PATs`, {
          cause: error,
        });
      // The list broke off: say so, and how far it got, so that no one takes the part for the whole.
      throw brokeOff(`the response to GET ${path} broke off after ${read} PAT(s)`, error);
    } finally {
      await response.body.cancel().catch(() => {});
    }
  }

  /** The same, one PAT at a time. */
  async *listStream(options: ListOptions = {}): AsyncGenerator<ClientPat<V, M>, void, undefined> {
    for await (const batch of this.listBatches(options)) yield* batch;
  }

  /** The path of one PAT; an id that names none is refused before any request. */
  private patPath(id: string): string {
    if (typeof id !== 'string' || id.trim() === '')
      throw new ClientError('invalid_argument', `a PAT id is needed, got ${JSON.stringify(id) ?? String(id)}`);
    return `${this.basePath}/${encodeURIComponent(id)}`;
  }

  private listPath(options: ListOptions): string {
    const query = new URLSearchParams();
    if (options.ownerId !== undefined) query.set('owner-id', options.ownerId);
    if (options.filters !== undefined) query.set('filters', String(options.filters));
    return query.size > 0 ? `${this.basePath}?${query}` : this.basePath;
  }

  /**
   * Looks identities up by id with ISC's identities API (`id in (…)`, 50 ids
   * a request, every page): the ones found, by id. An id missing from the
   * map does not resolve to an identity. Needs `idn:identity:read`; uses the
   * client's API version when it has identities, else the default version's.
   */
  async identities(ids: Iterable<string>, options: CallOptions = {}): Promise<Map<string, OwnerIdentity>> {
    const wanted = [...new Set(ids)];
    const found = new Map<string, OwnerIdentity>();
    for (let at = 0; at < wanted.length; at += identitiesPerRequest) {
      const batch = wanted.slice(at, at + identitiesPerRequest);
      for (const identity of await this.findIdentities(idsFilter(batch), options)) found.set(identity.id, identity);
    }
    return found;
  }

  /**
   * The identities a filter of ISC's syntax finds (`name eq "Sam User" or
   * alias eq "sam"`), every page, uncorrelated ones included. Needs
   * `idn:identity:read`; the same API version as `identities`.
   */
  async findIdentities(filters: string, options: CallOptions = {}): Promise<OwnerIdentity[]> {
    const has = (version: ApiVersion): version is IdentityApiVersion =>
      (identityApiVersions as readonly ApiVersion[]).includes(version);
    const fallback: ApiVersion = defaultApiVersion;
    const version = has(this.apiVersion)
      ? this.apiVersion
      : has(fallback)
        ? fallback
        : (identityApiVersions[0] as IdentityApiVersion);
    const base = apiVersionTable[version].identities.basePath;
    const found: OwnerIdentity[] = [];
    for (let offset = 0; ; offset += identitiesPageLimit) {
      const query = new URLSearchParams({
        filters,
        // Uncorrelated identities are identities too: an owner is not "missing" for being one.
        defaultFilter: 'NONE',
        limit: String(identitiesPageLimit),
        offset: String(offset),
      });
      const path = `${base}?${query}`;
      const response = await this.call({ method: 'GET', path, options });
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        throw brokeOff(`the response to GET ${path} broke off`, error);
      }
      let page: unknown;
      try {
        page = parseJson(text);
      } catch (error) {
        throw new ClientError('invalid_response', `the response to GET ${path} is not JSON`, { cause: error });
      }
      if (!Array.isArray(page))
        throw new ClientError('invalid_response', `the response to GET ${path} is not a list of identities`);
      for (const item of page) {
        const identity = ownerIdentity(item);
        if (identity !== undefined) found.push(identity);
      }
      if (page.length < identitiesPageLimit) return found;
    }
  }

  /** Creates a PAT. The answer carries its secret: the only time the API shows it. */
  async create(
    request: ConstructorInput<Model<'CreatePersonalAccessTokenRequest', V>>,
    options: CreateOptions = {},
  ): Promise<CreatedPat<V>> {
    // Dates may come as Date objects or any RFC 3339 text; the encoder normalizes text.
    const { expirationDate } = request as { expirationDate?: unknown };
    const normalized =
      expirationDate instanceof Date ? { ...request, expirationDate: expirationDate.toISOString() } : request;
    const body = this.encode(
      'CreatePersonalAccessTokenRequest',
      normalized as Model<'CreatePersonalAccessTokenRequest', V>,
    );
    const response = await this.call({
      method: 'POST',
      path: this.basePath,
      body,
      contentType: 'application/json',
      createsResource: options.retryCreate !== true,
      options,
    });
    // Nor of a created PAT.
    return this.decodeBody('CreatePersonalAccessTokenResponse', response, `POST ${this.basePath}`) as Promise<
      CreatedPat<V>
    >;
  }

  /** Applies a JSON Patch to a PAT and returns its new representation. */
  async patch(
    id: string,
    operations: readonly PatPatchOperation[],
    options: CallOptions = {},
  ): Promise<ClientPat<V, M>> {
    const path = this.patPath(id);
    const body = this.encode('PatPatchDocument', operations as Model<'PatPatchDocument', V>);
    const response = await this.call({
      method: 'PATCH',
      path,
      body,
      contentType: 'application/json-patch+json',
      options,
    });
    return this.decodeBody('GetPersonalAccessTokenResponse', response, `PATCH ${path}`);
  }

  async rename(id: string, name: string, options?: CallOptions): Promise<ClientPat<V, M>> {
    return this.patch(id, patches.rename(name), options);
  }

  async setScope(id: string, scope: readonly string[], options?: CallOptions): Promise<ClientPat<V, M>> {
    return this.patch(id, patches.setScope(scope), options);
  }

  async addScope(id: string, scope: string, options?: CallOptions): Promise<ClientPat<V, M>> {
    return this.patch(id, patches.addScope(scope), options);
  }

  /** Needs the PAT as listed, for the position of the scope. */
  async removeScope(
    pat: Pick<Model<'GetPersonalAccessTokenResponse', V>, 'id' | 'scope'>,
    scope: string,
    options?: CallOptions,
  ): Promise<ClientPat<V, M>> {
    return this.patch(pat.id, patches.removeScope(pat.scope, scope), options);
  }

  /** Whether this version can change a PAT's expiry (v2025 and later); narrows the client for setExpiration and setNeverExpires. */
  hasExpiry(): this is PatClient<Exclude<V, LegacyApiVersion>, M> {
    return variantOf(this.apiVersion) !== 'legacy';
  }

  /** v2025 and later: a legacy version's client does not type-check here, and rejects in JavaScript. */
  async setExpiration(
    this: PatClient<Exclude<V, LegacyApiVersion>, M>,
    id: string,
    date: Date | string,
    options?: CallOptions,
  ): Promise<ClientPat<Exclude<V, LegacyApiVersion>, M>> {
    if (!this.hasExpiry()) {
      throw new ClientError('unsupported', `${this.apiVersion} cannot change a PAT's expiry; use v2025 or later`);
    }
    return this.patch(id, patches.setExpiration(date), options);
  }

  /** v2025 and later: the PAT never expires (with the acknowledgement the API requires). */
  async setNeverExpires(
    this: PatClient<Exclude<V, LegacyApiVersion>, M>,
    id: string,
    options?: CallOptions,
  ): Promise<ClientPat<Exclude<V, LegacyApiVersion>, M>> {
    if (!this.hasExpiry()) {
      throw new ClientError('unsupported', `${this.apiVersion} has no never-expiring PATs; use v2025 or later`);
    }
    return this.patch(id, patches.neverExpires(), options);
  }

  async delete(id: string, options: CallOptions = {}): Promise<void> {
    const response = await this.call({
      method: 'DELETE',
      path: this.patPath(id),
      options,
    });
    await response.body?.cancel().catch(() => {});
    // A deleted PAT's access tokens are not used again, by this run or a later one.
    if (id === this.config.clientId) this.tokens.forget();
    else this.tokenStore?.remove({ baseUrl: this.config.baseUrl, clientId: id });
  }

  private encode<N extends ModelName>(model: N, value: Model<N, V>): string {
    try {
      return encode(model, value, { apiVersion: this.apiVersion });
    } catch (error) {
      if (error instanceof SerializerError) {
        throw new ClientError('invalid_argument', error.message.replace(/^The /, 'The request '), { cause: error });
      }
      throw error;
    }
  }
}

/** The token source of a caller's `accessToken` option, checked; undefined without one. */
function accessTokenOf(given: ClientOptions['accessToken']): (() => Promise<MintedToken>) | undefined {
  if (given === undefined) return undefined;
  const checked = (token: unknown): MintedToken => {
    if (typeof token !== 'string' || token === '' || /\s/.test(token))
      throw new ClientError('invalid_argument', 'accessToken must be a token: text without white space');
    // Its lifetime is not known here: kept until the API refuses it.
    return { accessToken: token, expiresIn: Number.POSITIVE_INFINITY };
  };
  if (typeof given === 'function') return async () => checked(await given());
  const token = checked(given);
  return async () => token;
}

/** A client configured from options, then SAIL_* variables, ./config.json and ~/.sailpoint/config.yaml. */
export function createClient<V extends ApiVersion = typeof defaultApiVersion, M extends Mode = 'tolerant'>(
  options: ClientOptions<V, M> = {},
): PatClient<V, M> {
  return new PatClient(options);
}
