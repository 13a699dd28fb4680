import { ApiError, ClientError, createClient, type PatClient } from '@patkit/client';
import type { ApiVersion, GetPersonalAccessTokenResponse } from '@patkit/model';
import { CliError } from './cli-error.js';
import { exitCodes } from './exit-codes.js';
import { configFile, readProfiles, readSecret } from './profiles.js';
import { withProgress } from './progress.js';
import { readStdinSecret } from './read-input.js';
import { translateErrors } from './report-error.js';

export interface ConnectOptions {
  readonly baseUrl?: string;
  readonly clientId?: string;
  readonly clientSecretStdin?: boolean;
  readonly apiVersion?: ApiVersion;
  readonly profile?: string;
}

export interface Connection {
  readonly client: PatClient<ApiVersion>;
  /** Where each setting came from. */
  readonly sources: Readonly<Record<'baseUrl' | 'clientId' | 'clientSecret', string>>;
}

const envNames = { baseUrl: 'SAIL_BASE_URL', clientId: 'SAIL_CLIENT_ID', clientSecret: 'SAIL_CLIENT_SECRET' } as const;

/**
 * A client configured from, highest first: flags; the --profile named; the
 * SAIL_* environment; the current profile; then ./config.json and
 * ~/.sailpoint/config.yaml (read by @patkit/client).
 */
export async function connect(options: ConnectOptions): Promise<Connection> {
  const file = await readProfiles();
  if (options.profile !== undefined && file.profiles[options.profile] === undefined) {
    throw new CliError('not_found', `no profile ${options.profile} in ${configFile()}`, {
      exitCode: exitCodes.notFound,
      hint: 'patkit config list',
    });
  }
  const warn = (message: string) => process.stderr.write(`patkit: warning: ${message}\n`);
  const layers: Array<{ label: string; values: Partial<Record<keyof typeof envNames, string | undefined>> }> = [];
  layers.push({
    label: 'flag',
    values: {
      baseUrl: options.baseUrl,
      clientId: options.clientId,
      clientSecret: options.clientSecretStdin ? await readStdinSecret() : undefined,
    },
  });
  const profileLayer = (name: string, label: string) => {
    const p = file.profiles[name] ?? {};
    return {
      label,
      values: {
        baseUrl: p.baseUrl,
        clientId: p.clientId,
        clientSecret: p.clientSecretFile ? readSecret(p.clientSecretFile, warn) : undefined,
      },
    };
  };
  if (options.profile !== undefined) layers.push(profileLayer(options.profile, `profile ${options.profile}`));
  layers.push({
    label: 'environment',
    values: {
      baseUrl: process.env.SAIL_BASE_URL,
      clientId: process.env.SAIL_CLIENT_ID,
      clientSecret: process.env.SAIL_CLIENT_SECRET,
    },
  });
  if (options.profile === undefined && file.current !== undefined)
    layers.push(profileLayer(file.current, `profile ${file.current} (current)`));
  const found: Partial<Record<keyof typeof envNames, { value: string; source: string }>> = {};
  for (const layer of layers) {
    for (const key of Object.keys(envNames) as Array<keyof typeof envNames>) {
      const value = layer.values[key];
      if (found[key] === undefined && value !== undefined && value !== '') {
        found[key] = {
          value,
          source:
            layer.label === 'environment'
              ? `environment ${envNames[key]}`
              : layer.label === 'flag'
                ? `flag`
                : layer.label,
        };
      }
    }
  }
  const profileVersion = file.profiles[options.profile ?? file.current ?? '']?.apiVersion;
  const apiVersion = options.apiVersion ?? (profileVersion as ApiVersion | undefined);
  const client = createClient<ApiVersion>({
    ...(found.baseUrl ? { baseUrl: found.baseUrl.value } : {}),
    ...(found.clientId ? { clientId: found.clientId.value } : {}),
    ...(found.clientSecret ? { clientSecret: found.clientSecret.value } : {}),
    ...(apiVersion === undefined ? {} : { apiVersion }),
  });
  const sources = {
    baseUrl: found.baseUrl?.source ?? client.config.sources.baseUrl,
    clientId: found.clientId?.source ?? client.config.sources.clientId,
    clientSecret: found.clientSecret?.source ?? client.config.sources.clientSecret,
  };
  return { client, sources };
}

/** The PATs of an owner (`me`, an identity id, or `all`), with a progress line on a terminal. */
export function listPats(
  client: PatClient<ApiVersion>,
  owner: string,
  filters?: Parameters<PatClient<ApiVersion>['list']>[0],
): Promise<GetPersonalAccessTokenResponse[]> {
  return withProgress(
    'listing PATs',
    client.list({ ...(owner === 'all' ? {} : { ownerId: owner }), ...filters }),
  ) as Promise<GetPersonalAccessTokenResponse[]>;
}

// Every way patkit takes a setting, highest precedence first (see connect).
const ways = {
  baseUrl: [
    '--base-url URL',
    'SAIL_BASE_URL',
    'patkit config set baseUrl URL',
    'BaseURL in ./config.json',
    '~/.sailpoint/config.yaml',
  ],
  clientId: [
    '--client-id ID',
    'SAIL_CLIENT_ID',
    'patkit config set clientId ID',
    'ClientId in ./config.json',
    '~/.sailpoint/config.yaml',
  ],
  clientSecret: [
    '--client-secret-stdin',
    'SAIL_CLIENT_SECRET',
    'patkit config set clientSecret --client-secret-stdin',
    'ClientSecret in ./config.json',
    '~/.sailpoint/config.yaml',
  ],
} as const;

/** Client errors as one line, a hint and the documented exit code. */
/** An error of the client as the CliError it means for a user: its message, hint and exit code. */
export function asCliError(error: unknown): unknown {
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
        .map((setting) => `  ${setting.padEnd(12)}  ${ways[setting].join(' · ')}`)
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
    return new CliError(error.code, error.message, {
      exitCode: usage ? exitCodes.usage : exitCodes.failure,
      cause: error,
    });
  }
  return error;
}

translateErrors(asCliError);
