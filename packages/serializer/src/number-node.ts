import type { SchemaNode } from '@patkit/model/core';

type NumberNode = Extract<SchemaNode, { kind: 'integer' | 'number' }>;

/** Whether a value is a number that an integer or number node takes: its kind, and within its bounds. */
export function numberTest({ kind, min = -Infinity, max = Infinity }: NumberNode): (v: unknown) => v is number {
  const integer = kind === 'integer';
  return (v): v is number =>
    typeof v === 'number' && (integer ? Number.isInteger(v) : Number.isFinite(v)) && v >= min && v <= max;
}
