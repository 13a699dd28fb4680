/** A row of a table or CSV: nested objects become dotted columns (`owner.id`), arrays are joined with spaces. */
export function flatten(value: Record<string, unknown>, prefix = ''): Record<string, string> {
  const row: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    const column = `${prefix}${key}`;
    if (item === null || item === undefined) row[column] = '';
    else if (Array.isArray(item)) row[column] = item.map(String).join(' ');
    else if (typeof item === 'object') Object.assign(row, flatten(item as Record<string, unknown>, `${column}.`));
    else row[column] = String(item);
  }
  return row;
}

/**
 * One CSV cell. A cell a spreadsheet would read as a formula (starting with
 * =, +, -, @, a tab or a carriage return) gets a leading apostrophe, as
 * OWASP's CSV injection guidance says: quoting alone does not stop it.
 */
function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** RFC 4180 CSV with a header line; the columns of the first row unless given. */
export function toCsv(rows: readonly Record<string, string>[], columns?: readonly string[]): string {
  const header = columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(header.map((column) => csvCell(row[column] ?? '')).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
