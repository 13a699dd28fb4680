/** A row's cell: own keys only (`constructor` names no cell). */
const cellOf = (row: Readonly<Record<string, string>>, column: string): string =>
  Object.hasOwn(row, column) ? (row[column] as string) : '';

/** Style for a terminal: bold and dim, or nothing. */
export interface Style {
  readonly colour: boolean;
}

/** Columns padded to their widest cell, two spaces apart; a header line first. */
export function textTable(
  rows: readonly Record<string, string>[],
  columns: readonly string[],
  { colour }: Style = { colour: false },
  empty = '(none)',
): string {
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => cellOf(row, column).length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const bold = (text: string) => (colour ? `\u001b[1m${text}\u001b[22m` : text);
  const dim = (text: string) => (colour ? `\u001b[2m${text}\u001b[22m` : text);
  if (rows.length === 0) return `${bold(line(columns))}\n${dim(empty)}\n`;
  return `${[bold(line(columns)), ...rows.map((row) => line(columns.map((column) => cellOf(row, column))))].join('\n')}\n`;
}

/** A GitHub-flavoured markdown table. */
export function markdownTable(rows: readonly Record<string, string>[], columns: readonly string[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  return `${[line(columns), line(columns.map(() => '---')), ...rows.map((r) => line(columns.map((c) => cellOf(r, c))))].join('\n')}\n`;
}

/** One object as aligned `key  value` lines. */
export function keyValueLines(row: Readonly<Record<string, string>>, keys: readonly string[]): string {
  const width = Math.max(...keys.map((key) => key.length));
  return `${keys.map((key) => `${key.padEnd(width)}  ${cellOf(row, key)}`.trimEnd()).join('\n')}\n`;
}
