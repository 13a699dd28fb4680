// The one way commands print results: resolveFormat picks the format, then
// printResult writes records as JSON, NDJSON, CSV or YAML, or hands them to
// the command's human rendering (a table, a report). --fields picks keys in
// every format.
import type { Writable } from 'node:stream';
import type { CreatePersonalAccessTokenResponse, GetPersonalAccessTokenResponse } from '@patkit/model';
import { relativeTime } from '@patkit/model/time';
import { encode, encodeList, encodeStream } from '@patkit/serializer';
import { ChunkedStdout, type JsonPieces } from './chunked-stdout.js';
import { usageError } from './cli-error.js';
import { csvLine, flatten, parseFieldList, toCsv } from './flatten.js';
import { type FormatOf, type ResultKind, resultKinds } from './formats.js';
import { keyValueLines, type Style, textTable } from './table.js';

export interface OutputOptions {
  readonly output?: string;
  /** The same as output (the product's docs say --format). */
  readonly format?: string;
  /** true, or the fields to print (`--json id,name`, as gh takes it). */
  readonly json?: boolean | string;
  readonly fields?: string;
  readonly color?: boolean;
}

/** The format to print a kind of result in: asked for, else by where stdout goes. */
export function resolveFormat<K extends ResultKind>(
  options: OutputOptions,
  kind: K,
  stdout: { readonly isTTY?: boolean } = process.stdout,
): FormatOf<K> {
  const { formats, terminal, piped } = resultKinds[kind];
  const wanted = options.json ? 'json' : (options.output ?? options.format);
  if (wanted === undefined) return (stdout.isTTY ? terminal : piped) as FormatOf<K>;
  if (!(formats as readonly string[]).includes(wanted)) {
    throw usageError(`this command prints ${formats.join(', ')}; it cannot print ${wanted}`);
  }
  return wanted as FormatOf<K>;
}

function fieldsOf(options: OutputOptions): string[] | undefined {
  if (typeof options.json === 'string' && options.fields !== undefined && options.json !== options.fields)
    throw usageError('give the fields once: --json FIELDS or --fields FIELDS');
  return parseFieldList(options.fields ?? (typeof options.json === 'string' ? options.json : undefined));
}

function styleOf(options: OutputOptions): Style {
  const terminal = process.stdout.isTTY === true;
  return {
    colour: options.color !== false && process.env.NO_COLOR === undefined && terminal,
    ...(terminal && process.stdout.columns > 0 ? { width: process.stdout.columns } : {}),
    keep: ['id'],
  };
}

/** The chosen fields of a record: a top-level key, or a dotted column of its flattened form (`owner.name`). */
function pick(record: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const flat = flatten(record);
  // Own keys only: `__proto__` or `constructor` name nothing, not Object's prototype.
  return Object.fromEntries(
    fields.map((field) => [
      field,
      Object.hasOwn(record, field) ? record[field] : Object.hasOwn(flat, field) ? flat[field] : null,
    ]),
  );
}

/** The chosen fields of one object as text, for key/value lines. */
function cells(record: Record<string, unknown>, fields: readonly string[]): Record<string, string> {
  const picked = pick(record, fields);
  const text = (value: unknown): string =>
    value === null || value === undefined
      ? ''
      : Array.isArray(value)
        ? value.map(String).join(' ')
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  return Object.fromEntries(fields.map((field) => [field, text(picked[field])]));
}

/** A result, as the printers need it. */
export interface Printable<K extends ResultKind> {
  readonly kind: K;
  /** Rows: NDJSON lines, CSV rows; --fields picks their keys. */
  readonly records: readonly Record<string, unknown>[];
  /** The CSV header when no --fields are given and there may be no rows. Default: the keys of the rows. */
  readonly columns?: readonly string[];
  /** What JSON and YAML print, made of the (picked) records. Default: the list of records. */
  readonly document?: (records: readonly Record<string, unknown>[]) => unknown;
  /** The canonical JSON or NDJSON when no --fields are given (the serializer's, for PAT models). */
  readonly encoded?: (format: 'json' | 'ndjson') => string;
  /** For people: the formats that are not data (table, report, markdown). */
  readonly human: (
    format: Exclude<FormatOf<K>, 'json' | 'ndjson' | 'csv' | 'yaml'>,
    fields: string[] | undefined,
    style: Style,
  ) => string;
}

/** Writes a result to stdout in the format the options ask for. */
export async function printResult<K extends ResultKind>(result: Printable<K>, options: OutputOptions): Promise<void> {
  const format = resolveFormat(options, result.kind) as string;
  const fields = fieldsOf(options);
  const records = fields === undefined ? result.records : result.records.map((record) => pick(record, fields));
  const document = () => (result.document ?? ((all) => all))(records);
  let text: string;
  switch (format) {
    case 'json':
      text =
        fields === undefined && result.encoded ? result.encoded('json') : `${JSON.stringify(document(), null, 2)}\n`;
      break;
    case 'ndjson':
      text =
        fields === undefined && result.encoded
          ? result.encoded('ndjson')
          : records.map((record) => `${JSON.stringify(record)}\n`).join('');
      break;
    case 'csv':
      text = toCsv(
        result.records.map((record) => flatten(record)),
        fields ?? result.columns,
      );
      break;
    case 'yaml': {
      const { stringifyYaml } = await import('./yaml.js');
      text = stringifyYaml(document());
      break;
    }
    default:
      text = result.human(format as never, fields, styleOf(options));
  }
  process.stdout.write(text);
}

/**
 * Undefined when stdout takes more now; else a promise of when it has written
 * what waits (or is gone). Awaited between records, output goes no faster
 * than its reader: `patkit list | less` holds the rest in the connection, not in memory.
 */
export function stdoutReady(stream: Writable = process.stdout): Promise<void> | undefined {
  if (!stream.writableNeedDrain) return undefined;
  // Every tenant's writer waits on one promise: a listener each would be dozens on one stream.
  let waiting = drains.get(stream);
  if (waiting === undefined) {
    waiting = new Promise<void>((resolve) => {
      const done = () => {
        stream.off('drain', done);
        stream.off('close', done);
        drains.delete(stream);
        resolve();
      };
      stream.on('drain', done);
      stream.on('close', done);
    });
    drains.set(stream, waiting);
  }
  return waiting;
}

const drains = new WeakMap<Writable, Promise<void>>();

/** Writes records as they come, for results too large to hold. */
export interface RecordWriter {
  write(record: Record<string, unknown>): void;
  /**
   * Set when records go out whole as NDJSON (no --fields): where the caller
   * writes each line itself, in pieces, as `JSON.stringify` of its record
   * and a newline would be.
   */
  readonly lines?: JsonPieces;
  end(): void;
}

/**
 * A writer of one record at a time when the format is NDJSON or CSV (what
 * can be written before the end is known); undefined for the other formats.
 */
export function recordWriter<K extends ResultKind>(
  kind: K,
  options: OutputOptions,
  columns: readonly string[],
): RecordWriter | undefined {
  const format = resolveFormat(options, kind) as string;
  if (format !== 'ndjson' && format !== 'csv') return undefined;
  const fields = fieldsOf(options);
  const out = new ChunkedStdout();
  if (format === 'ndjson')
    return {
      write: (record) => out.write(`${JSON.stringify(fields === undefined ? record : pick(record, fields))}\n`),
      ...(fields === undefined ? { lines: out } : {}),
      end: () => out.flush(),
    };
  const header = fields ?? columns;
  out.write(toCsv([], header));
  return { write: (record) => out.write(csvLine(flatten(record), header)), end: () => out.flush() };
}

const patColumns = ['id', 'name', 'owner', 'lastUsed', 'expires', 'managed', 'scope'] as const;

/** A PAT as people read it; other fields as their flattened text. */
function patRow(pat: GetPersonalAccessTokenResponse, now: number): Record<string, string> {
  const expires =
    pat.expirationDate === undefined || pat.expirationDate === null
      ? 'never'
      : Date.parse(pat.expirationDate) <= now
        ? `expired ${relativeTime(pat.expirationDate, now)}`
        : relativeTime(pat.expirationDate, now);
  return {
    ...flatten(pat as unknown as Record<string, unknown>),
    id: pat.id,
    name: pat.name,
    owner: pat.owner.name ?? pat.owner.id ?? '',
    lastUsed: relativeTime(pat.lastUsed, now),
    expires,
    managed: pat.managed ? 'yes' : 'no',
    scope: pat.scope === null ? 'null' : pat.scope.join(' '),
  };
}

// Decoded PATs are already canonical: keys in the spec's order, canonical date-times.
const asRecord = (value: object) => value as unknown as Record<string, unknown>;

/** PATs, a list of them: `list`, `export`. */
export function printPats(
  pats: readonly GetPersonalAccessTokenResponse[],
  options: OutputOptions,
  now: number,
): Promise<void> {
  return printResult(
    {
      kind: 'pats',
      records: pats.map(asRecord),
      encoded: (format) =>
        format === 'json'
          ? `${encodeList('GetPersonalAccessTokenResponse', [...pats], { indent: 2 })}\n`
          : encodeList('GetPersonalAccessTokenResponse', [...pats], { format: 'ndjson' }),
      human: (_format, fields, style) =>
        textTable(
          pats.map((pat) => patRow(pat, now)),
          fields ?? patColumns,
          style,
        ),
    },
    options,
  );
}

/**
 * PATs as they arrive (list, export): canonical JSON or NDJSON are written
 * one PAT at a time in constant memory; other formats and --fields need the
 * whole list, which is gathered first.
 */
export async function printPatStream(
  pats: AsyncIterable<GetPersonalAccessTokenResponse>,
  options: OutputOptions,
  now: number,
): Promise<void> {
  const format = resolveFormat(options, 'pats');
  if ((format === 'json' || format === 'ndjson') && fieldsOf(options) === undefined) {
    const out = new ChunkedStdout();
    for await (const chunk of encodeStream('GetPersonalAccessTokenResponse', pats, {
      format,
      ...(format === 'json' ? { indent: 2 } : {}),
    })) {
      out.write(chunk);
      await stdoutReady();
    }
    if (format === 'json') out.write('\n');
    out.flush();
    return;
  }
  const all: GetPersonalAccessTokenResponse[] = [];
  for await (const pat of pats) all.push(pat);
  await printPats(all, options, now);
}

/** One model value, printed as one object: canonical JSON and NDJSON from the serializer. */
function oneModel<K extends ResultKind>(
  kind: K,
  model: 'GetPersonalAccessTokenResponse' | 'CreatePersonalAccessTokenResponse',
  value: GetPersonalAccessTokenResponse | CreatePersonalAccessTokenResponse,
  human: Printable<K>['human'],
): Printable<K> {
  return {
    kind,
    records: [asRecord(value)],
    document: ([one]) => one,
    encoded: (format) => `${encode(model, value as never, format === 'json' ? { indent: 2 } : {})}\n`,
    human,
  };
}

/** One PAT, printed as one object (not a list of one): `rename`, `scope`, `expire`. */
export function printPat(pat: GetPersonalAccessTokenResponse, options: OutputOptions, now: number): Promise<void> {
  return printResult(
    oneModel('pats', 'GetPersonalAccessTokenResponse', pat, (_format, fields, style) =>
      textTable([patRow(pat, now)], fields ?? patColumns, style),
    ),
    options,
  );
}

/** A new PAT and its secret, shown once: `create`, `rotate`. */
export function printSecret(created: CreatePersonalAccessTokenResponse, options: OutputOptions): Promise<void> {
  return printResult(
    oneModel('secret', 'CreatePersonalAccessTokenResponse', created, (_format, fields = ['id', 'secret']) =>
      keyValueLines(cells(asRecord(created), fields), fields),
    ),
    options,
  );
}

/** Nested facts (whoami): the command's own lines at a terminal, unless --fields picks some. */
export function printFacts(facts: Record<string, unknown>, lines: string, options: OutputOptions): Promise<void> {
  return printResult(
    {
      kind: 'facts',
      records: [facts],
      document: ([one]) => one,
      human: (_format, fields) => (fields === undefined ? lines : keyValueLines(cells(facts, fields), fields)),
    },
    options,
  );
}

/** whoami of several tenants: a line per tenant at a terminal, a list of facts in JSON and YAML. */
export function printFactsOfTenants(
  facts: readonly Record<string, unknown>[],
  table: string,
  options: OutputOptions,
): Promise<void> {
  return printResult(
    {
      kind: 'facts',
      records: facts,
      human: (_format, fields, style) =>
        fields === undefined
          ? table
          : textTable(
              facts.map((one) => cells(one, fields)),
              fields,
              style,
            ),
    },
    options,
  );
}

/** A PAT of one tenant among several: the tenant's fields first. */
export interface TenantPat {
  readonly tenant: string;
  readonly host: string;
  readonly pat: GetPersonalAccessTokenResponse;
}

const tenantRecord = ({ tenant, host, pat }: TenantPat): Record<string, unknown> => ({
  tenant,
  host,
  ...asRecord(pat),
});

/** PATs of several tenants (list, export): each record carries its tenant and host, in every format. */
export function printPatsOfTenants(pats: readonly TenantPat[], options: OutputOptions, now: number): Promise<void> {
  return printResult(
    {
      kind: 'pats',
      records: pats.map(tenantRecord),
      human: (_format, fields, style) =>
        textTable(
          pats.map((one) => ({ tenant: one.tenant, host: one.host, ...patRow(one.pat, now) })),
          fields ?? ['tenant', ...patColumns],
          style,
        ),
    },
    options,
  );
}

/**
 * A writer of PATs of several tenants as they come, when the format can be
 * written before the end (NDJSON, CSV); undefined otherwise.
 */
export function tenantPatWriter(
  options: OutputOptions,
  columns: readonly string[],
): (((one: TenantPat) => void) & { end(): void }) | undefined {
  const writer = recordWriter('pats', options, ['tenant', 'host', ...columns]);
  if (writer === undefined) return undefined;
  return Object.assign((one: TenantPat) => writer.write(tenantRecord(one)), { end: () => writer.end() });
}
