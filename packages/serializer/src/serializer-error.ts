export type SerializerErrorCode =
  | 'invalid_json'
  | 'invalid_utf8'
  | 'invalid_type'
  | 'missing_key'
  | 'unknown_key'
  | 'duplicate_key'
  | 'invalid_value'
  | 'invalid_datetime'
  | 'out_of_range'
  | 'too_deep'
  | 'too_large'
  | 'invalid_option';

export type SerializerWarningCode =
  | 'unknown_key'
  | 'duplicate_key'
  | 'missing_zone'
  | 'null_for_absent'
  | 'skipped_item';

/** Where a problem is: a JSON Pointer, and for text input the line and column (1-based). */
export interface Location {
  /** JSON Pointer into the document (`""` is the whole document). */
  readonly path: string;
  readonly line?: number;
  readonly column?: number;
  /** For lists and streams: the item's position, from 0. */
  readonly index?: number;
  /** For input read from a file: its name. */
  readonly source?: string;
}

export interface SerializerIssue extends Location {
  readonly code: SerializerErrorCode;
  readonly message: string;
}

export interface SerializerWarning extends Location {
  readonly code: SerializerWarningCode;
  readonly message: string;
}

/**
 * `file:12:5 item 3 /owner/id` — where an issue is, as editors and
 * compilers print it. A list's path starts at the item (`/3/owner/id`),
 * and then says it alone.
 */
export function formatLocation(location: Location): string {
  const parts: string[] = [];
  if (location.source !== undefined || location.line !== undefined) {
    const at = [location.source ?? '<input>', location.line, location.column].filter((p) => p !== undefined);
    parts.push(at.join(':'));
  }
  const { index, path } = location;
  const item = `/${index}`;
  if (index !== undefined && path !== item && !path.startsWith(`${item}/`)) parts.push(`item ${index}`);
  parts.push(path === '' ? '(root)' : path);
  return parts.join(' ');
}

const shownIssues = 20;

/**
 * The one error type of @patkit/serializer. `code`, `path`, `line` and
 * `column` describe the first problem; `issues` lists all that were found
 * (at most `maxErrors`). Never a bare SyntaxError or ZodError.
 */
export class SerializerError extends Error {
  override readonly name = 'SerializerError';
  readonly code: SerializerErrorCode;
  readonly path: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly index: number | undefined;
  readonly issues: readonly SerializerIssue[];

  constructor(
    issues: readonly [SerializerIssue, ...SerializerIssue[]],
    options: { cause?: unknown; subject?: string } = {},
  ) {
    const [first] = issues;
    const lines = issues.slice(0, shownIssues).map((issue) => `  ${formatLocation(issue)}: ${issue.message}`);
    if (issues.length > shownIssues) lines.push(`  … and ${issues.length - shownIssues} more`);
    const head =
      issues.length === 1
        ? `${options.subject ?? 'Input'} is not valid: ${formatLocation(first)}: ${first.message}`
        : `${options.subject ?? 'Input'} is not valid: ${issues.length} problems\n${lines.join('\n')}`;
    super(head, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = first.code;
    this.path = first.path;
    this.line = first.line;
    this.column = first.column;
    this.index = first.index;
    this.issues = issues;
  }
}

/** A SerializerError for a wrong option: a programming error, not bad input. */
export function optionError(message: string): SerializerError {
  return new SerializerError([{ code: 'invalid_option', path: '', message }], { subject: 'Options' });
}
