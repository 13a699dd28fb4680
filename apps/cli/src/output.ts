import type { GetPersonalAccessTokenResponse } from '@patkit/model';
import { encodeList } from '@patkit/serializer';
import { usageError } from './cli-error.js';
import { flatten, toCsv } from './flatten.js';
import { type OutputFormat, outputFormats } from './formats.js';
import { relativeTime } from './relative-time.js';

export interface OutputOptions {
  readonly output?: string;
  /** The same as output (the product's docs say --format). */
  readonly format?: string;
  readonly json?: boolean;
  readonly fields?: string;
  readonly color?: boolean;
}

/** Tables for people at a terminal, JSON for everything else, unless asked. */
export function chooseFormat(options: OutputOptions, stdout = process.stdout): OutputFormat {
  if (options.json) return 'json';
  const wanted = options.output ?? options.format;
  if (wanted === undefined) return stdout.isTTY ? 'table' : 'json';
  if (!(outputFormats as readonly string[]).includes(wanted)) {
    throw usageError(`--output must be one of ${outputFormats.join(', ')}, got ${wanted}`);
  }
  return wanted as OutputFormat;
}

function colourOn(options: OutputOptions): boolean {
  return options.color !== false && process.env.NO_COLOR === undefined && process.stdout.isTTY === true;
}

const tableColumns = ['id', 'name', 'owner', 'lastUsed', 'expires', 'managed', 'scope'] as const;

function tableRow(pat: GetPersonalAccessTokenResponse, now: number): Record<string, string> {
  const expires =
    pat.expirationDate === undefined || pat.expirationDate === null
      ? 'never'
      : Date.parse(pat.expirationDate) <= now
        ? `expired ${relativeTime(pat.expirationDate, now)}`
        : relativeTime(pat.expirationDate, now);
  return {
    id: pat.id,
    name: pat.name,
    owner: pat.owner.name ?? pat.owner.id ?? '',
    lastUsed: relativeTime(pat.lastUsed, now),
    expires,
    managed: pat.managed ? 'yes' : 'no',
    scope: pat.scope === null ? 'null' : pat.scope.join(' '),
  };
}

function table(rows: readonly Record<string, string>[], columns: readonly string[], colour: boolean): string {
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const bold = (text: string) => (colour ? `\u001b[1m${text}\u001b[22m` : text);
  const dim = (text: string) => (colour ? `\u001b[2m${text}\u001b[22m` : text);
  const out = [bold(line(columns)), ...rows.map((row) => line(columns.map((column) => row[column] ?? '')))];
  if (rows.length === 0) out.push(dim('(none)'));
  return `${out.join('\n')}\n`;
}

/** Writes PATs to stdout in the chosen format; `--fields` picks columns in every format. */
export async function printPats(
  pats: readonly GetPersonalAccessTokenResponse[],
  options: OutputOptions,
  now: number,
): Promise<void> {
  const format = chooseFormat(options);
  const fields = options.fields
    ?.split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (format === 'table') {
    const rows = pats.map((pat) => tableRow(pat, now));
    process.stdout.write(table(rows, fields ?? tableColumns, colourOn(options)));
    return;
  }
  // Decoded PATs are already canonical: keys in the spec's order, canonical date-times.
  const canonical = pats as unknown as Record<string, unknown>[];
  const picked =
    fields === undefined
      ? canonical
      : canonical.map((pat) => {
          const row = flatten(pat);
          return Object.fromEntries(fields.map((field) => [field, field in pat ? pat[field] : (row[field] ?? null)]));
        });
  switch (format) {
    case 'json':
      process.stdout.write(
        fields === undefined
          ? `${encodeList('GetPersonalAccessTokenResponse', [...pats], { indent: 2 })}\n`
          : `${JSON.stringify(picked, null, 2)}\n`,
      );
      return;
    case 'ndjson':
      process.stdout.write(
        fields === undefined
          ? encodeList('GetPersonalAccessTokenResponse', [...pats], { format: 'ndjson' })
          : picked.map((p) => `${JSON.stringify(p)}\n`).join(''),
      );
      return;
    case 'csv':
      process.stdout.write(
        toCsv(
          canonical.map((pat) => flatten(pat)),
          fields,
        ),
      );
      return;
    case 'yaml': {
      const { stringifyYaml } = await import('./yaml.js');
      process.stdout.write(stringifyYaml(picked));
      return;
    }
  }
}
