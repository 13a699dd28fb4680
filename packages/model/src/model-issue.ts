import type * as z from 'zod';
import { describeValue } from './describe-value.js';
import { modelNameOf, schemaAt } from './introspect.js';
import { toJsonPointer } from './json-pointer.js';
import { describeSchema } from './schema-node.js';

export type ModelIssueCode =
  | 'missing_key'
  | 'invalid_type'
  | 'unknown_key'
  | 'invalid_value'
  | 'invalid_datetime'
  | 'out_of_range';

/** One thing wrong with a value, where it is, and what would fix it. */
export interface ModelIssue {
  readonly code: ModelIssueCode;
  /** JSON Pointer to the offending value (`""` is the whole value). */
  readonly path: string;
  readonly message: string;
}

const issueCodes = new Set<string>([
  'missing_key',
  'invalid_type',
  'unknown_key',
  'invalid_value',
  'invalid_datetime',
  'out_of_range',
]);

function hasKey(value: unknown, key: PropertyKey): boolean {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, key);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let current = root;
  for (const segment of path) {
    if (!hasKey(current, segment)) return { found: false, value: undefined };
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return { found: true, value: current };
}

function expected(root: z.core.$ZodType, path: readonly PropertyKey[]): string {
  const schema = schemaAt(root, path);
  return schema ? describeSchema(schema) : 'a valid value';
}

function convert(issue: z.core.$ZodIssue, root: z.core.$ZodType, input: unknown): ModelIssue[] {
  const path = issue.path;
  const pointer = toJsonPointer(path);
  const missing =
    (issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union') &&
    path.length > 0 &&
    !valueAt(input, path).found;
  if (missing) {
    return [{ code: 'missing_key', path: pointer, message: `required key is missing; add ${expected(root, path)}` }];
  }
  switch (issue.code) {
    case 'unrecognized_keys': {
      const owner = modelNameOf(schemaAt(root, path) ?? root);
      return issue.keys.map((key) => ({
        code: 'unknown_key',
        path: toJsonPointer([...path, key]),
        message: `${JSON.stringify(key)} is not a key of ${owner ?? 'this object'}; remove it, or allow unknown keys`,
      }));
    }
    case 'invalid_type':
    case 'invalid_value':
    case 'invalid_union':
      return [
        {
          code: issue.code === 'invalid_value' ? 'invalid_value' : 'invalid_type',
          path: pointer,
          message: `expected ${expected(root, path)}, got ${describeValue(valueAt(input, path).value)}`,
        },
      ];
    case 'too_small':
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        return [
          {
            code: 'out_of_range',
            path: pointer,
            message: `${String(valueAt(input, path).value)} is out of range; use ${expected(root, path)}`,
          },
        ];
      }
      return [{ code: 'invalid_value', path: pointer, message: issue.message }];
    case 'custom': {
      const code = (issue.params as { code?: string } | undefined)?.code;
      return [
        {
          code: code !== undefined && issueCodes.has(code) ? (code as ModelIssueCode) : 'invalid_value',
          path: pointer,
          message: issue.message,
        },
      ];
    }
    default:
      return [{ code: 'invalid_value', path: pointer, message: issue.message }];
  }
}

/**
 * Turns zod's issues into ModelIssues: a stable code, a JSON Pointer and a
 * message that says what is expected. `input` is what was validated (needed
 * to tell a missing key from a wrong value).
 */
export function toModelIssues(error: z.core.$ZodError, schema: z.core.$ZodType, input: unknown): ModelIssue[] {
  return error.issues.flatMap((issue) => convert(issue, schema, input));
}
