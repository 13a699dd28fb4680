import { ApiError, ClientError, createClient, type PatClient } from '@patkit/client';
import type { ApiVersion } from '@patkit/model';
import { CliError } from './cli-error.js';
import { exitCodes } from './exit-codes.js';

export interface ConnectOptions {
  readonly baseUrl?: string;
  readonly clientId?: string;
  readonly clientSecretStdin?: boolean;
  readonly apiVersion?: ApiVersion;
}

async function secretFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

/** A client from the flags, then SAIL_* variables, ./config.json and ~/.sailpoint/config.yaml. */
export async function connect(options: ConnectOptions): Promise<PatClient<ApiVersion>> {
  const clientSecret = options.clientSecretStdin ? await secretFromStdin() : undefined;
  try {
    return createClient<ApiVersion>({
      ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
      ...(options.clientId === undefined ? {} : { clientId: options.clientId }),
      ...(clientSecret === undefined ? {} : { clientSecret }),
      ...(options.apiVersion === undefined ? {} : { apiVersion: options.apiVersion }),
    });
  } catch (error) {
    throw asCliError(error);
  }
}

/** Client errors as one line, a hint and the documented exit code. */
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
