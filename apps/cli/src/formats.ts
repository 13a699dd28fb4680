// The output formats, apart from the code that writes them, so that the
// command definitions can list them without loading that code.

/** How commands that print PATs can print them. */
export const outputFormats = ['table', 'json', 'ndjson', 'csv', 'yaml'] as const;
export type OutputFormat = (typeof outputFormats)[number];

/** How `patkit audit` can print its findings. */
export const auditFormats = ['report', 'json', 'ndjson', 'csv', 'markdown'] as const;
export type AuditFormat = (typeof auditFormats)[number];
