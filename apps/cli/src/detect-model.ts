import type { ModelName } from '@patkit/model';

export interface Detected {
  readonly model: ModelName;
  /** A list of such models (a JSON array, or NDJSON). */
  readonly list: boolean;
  readonly format: 'json' | 'ndjson';
}

function firstValueText(text: string): { format: 'json' | 'ndjson'; first: string } {
  const trimmed = text.trimStart();
  const firstLine = trimmed.split('\n', 1)[0] ?? '';
  // More than one line that each start an object: NDJSON.
  const lines = trimmed.split('\n').filter((line) => line.trim() !== '');
  if (lines.length > 1 && lines.every((line) => line.trimStart().startsWith('{')) && lines[0]?.trim().endsWith('}')) {
    return { format: 'ndjson', first: firstLine };
  }
  return { format: 'json', first: trimmed };
}

/**
 * Guesses which model a document holds from its keys: a PAT as listed, a
 * create request or response, a patch, an error body, a token response.
 */
export function detectModel(text: string): Detected {
  const { format, first } = firstValueText(text);
  const head = first.slice(0, 4096);
  const list = format === 'ndjson' || head.startsWith('[');
  const has = (key: string) => head.includes(`"${key}"`);
  let model: ModelName = 'GetPersonalAccessTokenResponse';
  if (list && has('op') && has('path')) return { model: 'PatPatchDocument', list: false, format: 'json' };
  if (has('access_token')) model = 'OAuthTokenResponse';
  else if (has('secret')) model = 'CreatePersonalAccessTokenResponse';
  else if (has('detailCode') || has('trackingId') || has('messages')) model = 'ErrorResponseDto';
  else if (has('owner') || has('created') || has('id')) model = 'GetPersonalAccessTokenResponse';
  else if (has('name')) model = 'CreatePersonalAccessTokenRequest';
  return { model, list, format };
}
