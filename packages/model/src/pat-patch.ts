import * as z from 'zod';
import type { ModelVariant } from './api-version.js';
import type { IsoDateTime } from './date-time.js';
import { dateTimeField, jsonValueField, scopeField } from './fields.js';
import { jsonPatchOps } from './json-patch-operation.js';
import { parseJsonPointer } from './json-pointer.js';
import { toModelIssues } from './model-issue.js';
import { named } from './model-registry.js';
import {
  neverExpiresNeedsAck,
  opNotAllowed,
  type PatchLabel,
  patchRuleFor,
  unpatchablePath,
} from './pat-patch-rules.js';
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

// The value each rule takes, as zod checks it (the rules themselves are plain data).
const valueSchemas = {
  '/name': z.string(),
  '/scope': scopeField,
  '/scope/-': z.string(),
  '/scope/<index>': z.string(),
  '/expirationDate': dateTimeField.nullable(),
  '/userAwareTokenNeverExpires': z.boolean(),
} satisfies Record<PatchLabel, z.ZodType>;

function buildOperation<Out extends LegacyPatPatchOperation | PatPatchOperation>(
  object: ObjectFactory,
  variant: ModelVariant,
) {
  const base = object({ op: z.enum(jsonPatchOps), path: z.string(), value: jsonValueField.exactOptional() });
  return base.transform((operation, ctx) => {
    const { op, path } = operation;
    const rule = patchRuleFor(path, variant);
    if (rule === undefined) {
      const message = unpatchablePath(path, variant) ?? 'cannot be patched';
      ctx.issues.push({ code: 'custom', path: ['path'], input: path, params: { code: 'invalid_value' }, message });
      return z.NEVER;
    }
    if (!rule.ops.includes(op)) {
      ctx.issues.push({
        code: 'custom',
        path: ['op'],
        input: op,
        params: { code: 'invalid_value' },
        message: opNotAllowed(op, rule),
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
    const valueSchema = valueSchemas[rule.label];
    const checked = valueSchema.safeParse(operation.value, { reportInput: true });
    if (!checked.success) {
      for (const issue of toModelIssues(checked.error, valueSchema, operation.value)) {
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
              message: neverExpiresNeedsAck,
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
