import * as z from 'zod';
import type { ModelVariant } from './api-version.js';
import type { IsoDateTime } from './date-time.js';
import { dateTimeField, jsonValueField, scopeField } from './fields.js';
import { jsonPatchOps } from './json-patch-operation.js';
import { parseJsonPointer } from './json-pointer.js';
import { toModelIssues } from './model-issue.js';
import { named } from './model-names.js';
import type { ObjectFactory } from './unknown-keys.js';

type ValueOp = 'add' | 'replace' | 'test';
type ScopeIndexPath = `/scope/${number}`;

/** A JSON Patch operation that ISC accepts on a PAT (v3, beta, v2024). */
export type LegacyPatPatchOperation =
  | { op: ValueOp; path: '/name'; value: string }
  | { op: ValueOp; path: '/scope'; value: string[] | null }
  | { op: 'add'; path: '/scope/-'; value: string }
  | { op: ValueOp; path: ScopeIndexPath; value: string }
  | { op: 'remove'; path: ScopeIndexPath };

/** A JSON Patch operation that ISC accepts on a PAT (v2025, v2026, v1). */
export type PatPatchOperation =
  | LegacyPatPatchOperation
  | { op: ValueOp; path: '/expirationDate'; value: IsoDateTime | null }
  | { op: ValueOp; path: '/userAwareTokenNeverExpires'; value: boolean };

interface PathRule {
  readonly label: string;
  readonly matches: (path: string) => boolean;
  readonly ops: readonly string[];
  readonly value: z.ZodType;
  readonly variants: readonly ModelVariant[];
}

const valueOps = ['add', 'replace', 'test'] as const;
const scopeIndex = /^\/scope\/(0|[1-9][0-9]{0,8})$/;

const pathRules: readonly PathRule[] = [
  { label: '/name', matches: (p) => p === '/name', ops: valueOps, value: z.string(), variants: ['current', 'legacy'] },
  {
    label: '/scope',
    matches: (p) => p === '/scope',
    ops: valueOps,
    value: scopeField,
    variants: ['current', 'legacy'],
  },
  {
    label: '/scope/-',
    matches: (p) => p === '/scope/-',
    ops: ['add'],
    value: z.string(),
    variants: ['current', 'legacy'],
  },
  {
    label: '/scope/<index>',
    matches: (p) => scopeIndex.test(p),
    ops: [...valueOps, 'remove'],
    value: z.string(),
    variants: ['current', 'legacy'],
  },
  {
    label: '/expirationDate',
    matches: (p) => p === '/expirationDate',
    ops: valueOps,
    value: dateTimeField.nullable(),
    variants: ['current'],
  },
  {
    label: '/userAwareTokenNeverExpires',
    matches: (p) => p === '/userAwareTokenNeverExpires',
    ops: valueOps,
    value: z.boolean(),
    variants: ['current'],
  },
];

/** The paths a PAT patch may touch in a variant, for messages and docs. */
export function patchablePaths(variant: ModelVariant): string[] {
  return pathRules.filter((rule) => rule.variants.includes(variant)).map((rule) => rule.label);
}

function buildOperation<Out extends LegacyPatPatchOperation | PatPatchOperation>(
  object: ObjectFactory,
  variant: ModelVariant,
) {
  const rules = pathRules.filter((rule) => rule.variants.includes(variant));
  const allowed = rules.map((rule) => rule.label).join(', ');
  const base = object({ op: z.enum(jsonPatchOps), path: z.string(), value: jsonValueField.exactOptional() });
  return base.transform((operation, ctx) => {
    const { op, path } = operation;
    const rule = rules.find((candidate) => candidate.matches(path));
    if (rule === undefined) {
      const newer = variant === 'legacy' && pathRules.some((r) => r.matches(path)) ? ' (it needs v2025 or later)' : '';
      ctx.issues.push({
        code: 'custom',
        path: ['path'],
        input: path,
        params: { code: 'invalid_value' },
        message: `${JSON.stringify(path)} cannot be patched${newer}; patchable paths: ${allowed}`,
      });
      return z.NEVER;
    }
    if (!rule.ops.includes(op)) {
      ctx.issues.push({
        code: 'custom',
        path: ['op'],
        input: op,
        params: { code: 'invalid_value' },
        message: `"${op}" is not allowed on ${rule.label}; use ${rule.ops.map((o) => `"${o}"`).join(' or ')}`,
      });
      return z.NEVER;
    }
    if (op === 'remove') {
      const { value: _ignored, ...withoutValue } = operation;
      return withoutValue as Out;
    }
    if (!('value' in operation)) {
      ctx.issues.push({
        code: 'custom',
        path: ['value'],
        input: undefined,
        params: { code: 'missing_key' },
        message: `"${op}" on ${rule.label} needs a "value"`,
      });
      return z.NEVER;
    }
    const checked = rule.value.safeParse(operation.value, { reportInput: true });
    if (!checked.success) {
      for (const issue of toModelIssues(checked.error, rule.value, operation.value)) {
        ctx.issues.push({
          code: 'custom',
          path: ['value', ...parseJsonPointer(issue.path)],
          input: operation.value,
          params: { code: issue.code },
          message: issue.message,
        });
      }
      return z.NEVER;
    }
    return { ...operation, value: checked.data } as Out;
  });
}

function isNeverExpiresAck(operation: PatPatchOperation): boolean {
  return operation.path === '/userAwareTokenNeverExpires' && operation.op !== 'test' && operation.value === true;
}

/**
 * A PAT patch: one or more operations on the patchable paths. In v2025+,
 * setting `/expirationDate` to null needs `/userAwareTokenNeverExpires: true`
 * in the same patch.
 */
export function buildPatPatch(object: ObjectFactory) {
  const currentOperation = named('PatPatchOperation', buildOperation<PatPatchOperation>(object, 'current'));
  const legacyOperation = named('PatPatchOperation', buildOperation<LegacyPatPatchOperation>(object, 'legacy'));
  const currentDocument = named(
    'PatPatchDocument',
    z
      .array(currentOperation)
      .min(1)
      .check((ctx) => {
        const operations = ctx.value;
        if (operations.some(isNeverExpiresAck)) return;
        operations.forEach((operation, index) => {
          if (operation.path === '/expirationDate' && operation.op !== 'test' && operation.value === null) {
            ctx.issues.push({
              code: 'custom',
              path: [index, 'value'],
              input: null,
              params: { code: 'invalid_value' },
              message:
                'a null /expirationDate (never expires) needs {"op":"replace","path":"/userAwareTokenNeverExpires","value":true} in the same patch',
            });
          }
        });
      }),
  );
  const legacyDocument = named('PatPatchDocument', z.array(legacyOperation).min(1));
  return {
    current: { PatPatchOperation: currentOperation, PatPatchDocument: currentDocument },
    legacy: { PatPatchOperation: legacyOperation, PatPatchDocument: legacyDocument },
  };
}
