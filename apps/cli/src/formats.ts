// What each kind of result can be printed as, apart from the code that
// prints it, so that the command definitions can offer the formats (and say
// them in --help) without loading that code.

const records = ['table', 'json', 'ndjson', 'csv', 'yaml'] as const;

/**
 * Every kind of result a command prints: the formats it can be printed in,
 * the one for a terminal and the one for a pipe or file.
 */
export const resultKinds = {
  /** PATs: a list (list, export) or one (rename, scope, expire). */
  pats: { formats: records, terminal: 'table', piped: 'json' },
  /** A new PAT with its secret (create, rotate). */
  secret: { formats: records, terminal: 'table', piped: 'json' },
  /** Nested facts (whoami): no rows to put in CSV or NDJSON. */
  facts: { formats: ['table', 'json', 'yaml'], terminal: 'table', piped: 'json' },
  /** Audit findings with their summary. */
  findings: { formats: ['report', 'markdown', 'html', 'json', 'ndjson', 'csv'], terminal: 'report', piped: 'report' },
} as const satisfies Record<
  string,
  { readonly formats: readonly string[]; readonly terminal: string; readonly piped: string }
>;

export type ResultKind = keyof typeof resultKinds;
export type FormatOf<K extends ResultKind> = (typeof resultKinds)[K]['formats'][number];
export type OutputFormat = FormatOf<ResultKind>;

/** The help of -o for a kind of result. */
export function formatHelp(kind: ResultKind): string {
  const { formats, terminal, piped } = resultKinds[kind];
  const when = terminal === piped ? `default ${terminal}` : `default ${terminal} on a terminal, ${piped} otherwise`;
  return `${formats.join(', ')} (${when})`;
}
