import { createGetPersonalAccessTokenResponse, ModelError } from '@patkit/model';
import { encode } from '@patkit/serializer';
import { usageError } from '../cli-error.js';
import { parseSeconds } from '../durations.js';

export interface InitOptions {
  readonly id?: string;
  readonly name?: string;
  readonly scope?: string[];
  readonly ownerId?: string;
  readonly ownerName?: string;
  readonly created?: string;
  readonly lastUsed?: string;
  readonly managed?: boolean;
  readonly validity?: string;
  readonly expirationDate?: string;
  readonly neverExpires?: boolean;
}

/**
 * patkit init: Initialize-V2025GetPersonalAccessTokenResponse as a command.
 * The same required values and defaults; prints canonical JSON.
 */
export function init(options: InitOptions): number {
  const missing = (['id', 'name', 'ownerId', 'created'] as const).filter((key) => options[key] === undefined);
  if (missing.length > 0) {
    const flags = missing.map((key) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    throw usageError(
      `missing ${flags.join(', ')}`,
      'e.g. patkit init --id 86f1dc6fe8f54414950454cbb11278fa --name "NodeJS Integration" --owner-id 2c9180a46faadee4016fb4e018c20639 --created 2017-07-11T18:45:37.098Z',
    );
  }
  const validity = options.validity === undefined ? undefined : parseSeconds(options.validity, '--validity');
  try {
    const pat = createGetPersonalAccessTokenResponse({
      id: options.id as string,
      name: options.name as string,
      scope: options.scope ?? ['sp:scopes:all'],
      owner: {
        type: 'IDENTITY',
        id: options.ownerId as string,
        ...(options.ownerName === undefined ? {} : { name: options.ownerName }),
      },
      created: options.created as string,
      ...(options.lastUsed === undefined ? {} : { lastUsed: options.lastUsed === 'null' ? null : options.lastUsed }),
      ...(options.managed === undefined ? {} : { managed: options.managed }),
      ...(validity === undefined ? {} : { accessTokenValiditySeconds: validity }),
      ...(options.neverExpires ? { expirationDate: null, userAwareTokenNeverExpires: true } : {}),
      ...(options.expirationDate === undefined ? {} : { expirationDate: options.expirationDate }),
    });
    process.stdout.write(`${encode('GetPersonalAccessTokenResponse', pat, { indent: 2 })}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ModelError) {
      const lines = error.issues.map((issue) => `  ${issue.path}: ${issue.message}`);
      throw usageError(`the values do not make a valid PAT:\n${lines.join('\n')}`);
    }
    throw error;
  }
}
