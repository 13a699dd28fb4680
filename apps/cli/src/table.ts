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
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const bold = (text: string) => (colour ? `\u001b[1m${text}\u001b[22m` : text);
  const dim = (text: string) => (colour ? `\u001b[2m${text}\u001b[22m` : text);
  if (rows.length === 0) return `${bold(line(columns))}\n${dim(empty)}\n`;
  return `${[bold(line(columns)), ...rows.map((row) => line(columns.map((column) => row[column] ?? '')))].join('\n')}\n`;
}

/** A GitHub-flavoured markdown table. */
export function markdownTable(rows: readonly Record<string, string>[], columns: readonly string[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  return `${[line(columns), line(columns.map(() => '---')), ...rows.map((r) => line(columns.map((c) => r[c] ?? '')))].join('\n')}\n`;
}

/** One object as aligned `key  value` lines. */
export function keyValueLines(row: Readonly<Record<string, string>>, keys: readonly string[]): string {
  const width = Math.max(...keys.map((key) => key.length));
  return `${keys.map((key) => `${key.padEnd(width)}  ${row[key] ?? ''}`.trimEnd()).join('\n')}\n`;
}
