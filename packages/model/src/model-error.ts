import type { ModelIssue } from './model-issue.js';

export type ModelErrorCode = 'invalid_model' | 'invalid_option';

const shownIssues = 20;

/** Thrown by @patkit/model. `code` is stable; `issues` lists every problem found. */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  readonly code: ModelErrorCode;
  readonly issues: readonly ModelIssue[];

  constructor(
    code: ModelErrorCode,
    message: string,
    options: { issues?: readonly ModelIssue[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options.issues ?? [];
  }

  /** A ModelError whose message lists the issues, one per line. */
  static fromIssues(subject: string, issues: readonly ModelIssue[], cause?: unknown): ModelError {
    const lines = issues.slice(0, shownIssues).map((issue) => `  ${issue.path || '(root)'}: ${issue.message}`);
    if (issues.length > shownIssues) lines.push(`  … and ${issues.length - shownIssues} more`);
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    return new ModelError('invalid_model', `Invalid ${subject}: ${count}\n${lines.join('\n')}`, { issues, cause });
  }
}
