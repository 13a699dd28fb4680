import { type ApiVersion, defaultApiVersion, modelNodes, variantOf } from '@patkit/model/core';
import { decode, decodeList, encode, encodeList, formatLocation, type SerializerIssue } from '@patkit/serializer';
import { CliError, usageError } from '../cli-error.js';
import { detectModel } from '../detect-model.js';
import { flatten, parseFieldList, toCsv } from '../flatten.js';
import { inputName, readInput } from '../read-input.js';
import { columnsOf } from '../result-fields.js';

const targets = ['json', 'ndjson', 'csv', 'canonical', 'powershell'] as const;
type Target = (typeof targets)[number];

function pick(value: Record<string, unknown>, fields: readonly string[] | undefined): Record<string, string> {
  const row = flatten(value);
  if (fields === undefined) return row;
  return Object.fromEntries(fields.map((field) => [field, Object.hasOwn(row, field) ? (row[field] as string) : '']));
}

/** patkit convert [FILE|-] --to json|ndjson|csv|canonical|powershell */
export async function convert(
  file: string | undefined,
  options: { to?: string; apiVersion?: ApiVersion; fields?: string },
): Promise<number> {
  const to = (options.to ?? 'json') as Target;
  if (!targets.includes(to)) throw usageError(`--to must be one of ${targets.join(', ')}, got ${options.to}`);
  const input = file ?? '-';
  const source = inputName(input);
  const bytes = await readInput(input);
  const detected = detectModel(Buffer.from(bytes).toString('utf8'));
  const version = options.apiVersion === undefined ? {} : { apiVersion: options.apiVersion };
  const result = detected.list
    ? decodeList(detected.model, bytes, { source, format: detected.format, ...version })
    : decode(detected.model, bytes, { source, ...version });
  if (!result.ok) {
    const lines = result.errors.map((issue: SerializerIssue) => `${formatLocation(issue)}: ${issue.message}`);
    throw new CliError(
      'invalid_input',
      `${source} is not a valid ${detected.model}${detected.list ? ' list' : ''}:\n${lines.join('\n')}`,
      {
        hint: 'patkit validate shows every problem',
      },
    );
  }
  const items = (detected.list ? result.value : [result.value]) as unknown[];
  const model = detected.model;
  const fields = parseFieldList(options.fields);
  if (fields !== undefined) {
    const known = columnsOf(modelNodes[variantOf(options.apiVersion ?? defaultApiVersion)][model]);
    const unknown = fields.filter((field) => !known.includes(field));
    if (unknown.length > 0)
      throw usageError(
        `--fields: ${unknown.map((field) => JSON.stringify(field)).join(', ')} ${unknown.length === 1 ? 'is not a field' : 'are not fields'} of ${model}`,
        `use ${known.join(', ')}`,
      );
  }
  let out: string;
  switch (to) {
    case 'json':
      out = `${detected.list ? encodeList(model, items as never, { indent: 2, ...version }) : encode(model, items[0] as never, { indent: 2, ...version })}\n`;
      break;
    case 'canonical':
      out = `${detected.list ? encodeList(model, items as never, version) : encode(model, items[0] as never, version)}\n`;
      break;
    case 'ndjson':
      out = encodeList(model, items as never, { format: 'ndjson', ...version });
      break;
    case 'powershell':
      out = `${detected.list ? encodeList(model, items as never, { indent: 2, style: 'powershell', ...version }) : encode(model, items[0] as never, { indent: 2, style: 'powershell', ...version })}\n`;
      break;
    case 'csv': {
      // Decoded values are already canonical: CSV shows exactly what the model holds.
      const plain = items as Record<string, unknown>[];
      out = toCsv(
        plain.map((item) => pick(item, fields)),
        fields,
      );
      break;
    }
  }
  process.stdout.write(out);
  return 0;
}
