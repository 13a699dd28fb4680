/** A row's cell: own keys only (`constructor` names no cell). */
const cellOf = (row: Readonly<Record<string, string>>, column: string): string =>
  Object.hasOwn(row, column) ? (row[column] as string) : '';

/** Style for a terminal: bold and dim, or nothing; and its width, when it has one. */
export interface Style {
  readonly colour: boolean;
  /** Columns of the terminal: a table never wraps a row past it. */
  readonly width?: number;
  /** Columns kept whole when the table must shrink (ids). */
  readonly keep?: readonly string[];
}

const gap = 2;
const narrowest = 6;

/**
 * The width of each column: as wide as its widest cell, unless the table
 * would pass `width`; then the widest columns that may shrink give way,
 * one character at a time, down to `narrowest`.
 */
export function columnWidths(natural: readonly number[], names: readonly string[], style: Style): number[] {
  const widths = [...natural];
  if (style.width === undefined) return widths;
  const total = () => widths.reduce((sum, w) => sum + w, 0) + gap * Math.max(0, widths.length - 1);
  const shrinkable = (i: number) =>
    !(style.keep ?? []).includes(names[i] as string) && (widths[i] as number) > narrowest;
  while (total() > style.width) {
    let widest = -1;
    widths.forEach((w, i) => {
      if (shrinkable(i) && (widest === -1 || w > (widths[widest] as number))) widest = i;
    });
    if (widest === -1) break;
    widths[widest] = (widths[widest] as number) - 1;
  }
  return widths;
}

/** A cell cut to a width, with an ellipsis where it was cut. */
function fit(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Columns padded to their widest cell, two spaces apart; a header line first; fitted to a terminal's width. */
export function textTable(
  rows: readonly Record<string, string>[],
  columns: readonly string[],
  style: Style = { colour: false },
  empty = '(none)',
): string {
  const { colour } = style;
  const natural = columns.map((column) => Math.max(column.length, ...rows.map((row) => cellOf(row, column).length)));
  const widths = columnWidths(natural, columns, style);
  const line = (cells: readonly string[]) => {
    const text = cells
      .map((cell, i) => fit(cell, widths[i] ?? 0))
      .join(' '.repeat(gap))
      .trimEnd();
    // Kept columns alone may pass the width: the line is cut rather than wrapped.
    return style.width !== undefined && text.length > style.width ? `${text.slice(0, style.width - 1)}…` : text;
  };
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
