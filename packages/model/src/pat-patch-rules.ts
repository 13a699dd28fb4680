import type { ModelVariant } from './api-version.js';
import type { SchemaNode } from './describe-node.js';

/** What a PAT patch may do at one path. Plain data: the model's zod schema and the serializer both read it. */
export interface PatchRule {
  readonly label: PatchLabel;
  readonly pattern: RegExp;
  readonly ops: readonly string[];
  /** What `value` must be (remove takes none). */
  readonly value: SchemaNode;
  readonly variants: readonly ModelVariant[];
}

export type PatchLabel =
  | '/name'
  | '/scope'
  | '/scope/-'
  | '/scope/<index>'
  | '/expirationDate'
  | '/userAwareTokenNeverExpires';

const valueOps = ['add', 'replace', 'test'] as const;
const text: SchemaNode = { kind: 'string', nullable: false };
const both: readonly ModelVariant[] = ['current', 'legacy'];

export const patchRules: readonly PatchRule[] = [
  { label: '/name', pattern: /^\/name$/, ops: valueOps, value: text, variants: both },
  {
    label: '/scope',
    pattern: /^\/scope$/,
    ops: valueOps,
    value: { kind: 'array', item: text, nullable: true },
    variants: both,
  },
  { label: '/scope/-', pattern: /^\/scope\/-$/, ops: ['add'], value: text, variants: both },
  {
    label: '/scope/<index>',
    pattern: /^\/scope\/(0|[1-9][0-9]{0,8})$/,
    ops: [...valueOps, 'remove'],
    value: text,
    variants: both,
  },
  {
    label: '/expirationDate',
    pattern: /^\/expirationDate$/,
    ops: valueOps,
    value: { kind: 'date-time', nullable: true },
    variants: ['current'],
  },
  {
    label: '/userAwareTokenNeverExpires',
    pattern: /^\/userAwareTokenNeverExpires$/,
    ops: valueOps,
    value: { kind: 'boolean', nullable: false },
    variants: ['current'],
  },
];

/** The paths a PAT patch may touch in a variant, for messages and docs. */
export function patchablePaths(variant: ModelVariant): string[] {
  return patchRules.filter((rule) => rule.variants.includes(variant)).map((rule) => rule.label);
}

/** Why a path cannot be patched in a variant; undefined when it can. */
export function unpatchablePath(path: string, variant: ModelVariant): string | undefined {
  if (patchRules.some((rule) => rule.variants.includes(variant) && rule.pattern.test(path))) return undefined;
  const newer =
    variant === 'legacy' && patchRules.some((rule) => rule.pattern.test(path)) ? ' (it needs v2025 or later)' : '';
  return `${JSON.stringify(path)} cannot be patched${newer}; patchable paths: ${patchablePaths(variant).join(', ')}`;
}

export function patchRuleFor(path: string, variant: ModelVariant): PatchRule | undefined {
  return patchRules.find((rule) => rule.variants.includes(variant) && rule.pattern.test(path));
}

export function opNotAllowed(op: string, rule: PatchRule): string {
  const use = `use ${rule.ops.map((o) => `"${o}"`).join(' or ')}`;
  // In the spec's op enum, but its operation schema has no "from" to move or copy from.
  if (op === 'move' || op === 'copy')
    return `"${op}" is not supported: ISC's JSON Patch operation has no "from" key, so it cannot say what to ${op}; ${use} with the value itself`;
  return `"${op}" is not allowed on ${rule.label}; ${use}`;
}

export const neverExpiresNeedsAck =
  'a null /expirationDate (never expires) needs {"op":"replace","path":"/userAwareTokenNeverExpires","value":true} in the same patch';
