/** The names of a `--fields` list (`id, name,owner.name`), or undefined when it names none. */
export function parseFieldList(text: string | undefined): string[] | undefined {
  const fields = text
    ?.split(',')
    .map((field) => field.trim())
    .filter(Boolean);
  return fields === undefined || fields.length === 0 ? undefined : fields;
}

/** A row of a table or CSV: nested objects become dotted columns (`owner.id`), arrays are joined with spaces. */
export function flatten(value: Record<string, unknown>, prefix = ''): Record<string, string> {
  const row: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    const column = `${prefix}${key}`;
    // Defined, not assigned: a key such as `__proto__` is a column like any other.
    const set = (text: string) => Object.defineProperty(row, column, { value: text, enumerable: true, writable: true });
    if (item === null || item === undefined) set('');
    else if (Array.isArray(item)) set(item.map(String).join(' '));
    else if (typeof item === 'object') {
      for (const [key, text] of Object.entries(flatten(item as Record<string, unknown>, `${column}.`)))
        Object.defineProperty(row, key, { value: text, enumerable: true, writable: true });
    } else set(String(item));
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

/** One CSV line (with its CRLF) of a row, in the header's columns. */
export function csvLine(row: Readonly<Record<string, string>>, header: readonly string[]): string {
  return `${header.map((column) => csvCell(Object.hasOwn(row, column) ? (row[column] as string) : '')).join(',')}\r\n`;
}

/** RFC 4180 CSV with a header line; the columns of the first row unless given. */
export function toCsv(rows: readonly Record<string, string>[], columns?: readonly string[]): string {
  const header = columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return `${header.map(csvCell).join(',')}\r\n${rows.map((row) => csvLine(row, header)).join('')}`;
}
