// Reads SailPoint's OpenAPI files kept in sailpoint-api-specs/: a node of a
// file with every $ref resolved. The tests of several packages use it (by
// this package's name, @patkit/reference).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The copy of SailPoint's OpenAPI files kept in the repository (see reference/README.md). */
export const specRoot = resolve(dirname(fileURLToPath(import.meta.url)), 'sailpoint-api-specs');

export type SpecNode = Record<string, unknown>;

const cache = new Map<string, unknown>();

function load(file: string): unknown {
  let document = cache.get(file);
  if (document === undefined) {
    document = parse(readFileSync(file, 'utf8')) as unknown;
    cache.set(file, document);
  }
  return document;
}

function pointerGet(document: unknown, pointer: string): unknown {
  let current = document;
  for (const part of pointer.split('/').filter(Boolean)) {
    current = (current as Record<string, unknown> | undefined)?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return current;
}

function resolveRefs(node: unknown, file: string, root: unknown): unknown {
  if (Array.isArray(node)) return node.map((item) => resolveRefs(item, file, root));
  if (typeof node !== 'object' || node === null) return node;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') {
    const [target = '', pointer = ''] = ref.split('#');
    const targetFile = target === '' ? file : resolve(dirname(file), target);
    const targetRoot = target === '' ? root : load(targetFile);
    return resolveRefs(pointerGet(targetRoot, pointer), targetFile, targetRoot);
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, resolveRefs(value, file, root)]));
}

/** A node of a spec file with every `$ref` (relative files and `#/…` pointers) replaced by its target; undefined where the pointer leads nowhere. */
export function specNode(relativeFile: string, pointer = ''): SpecNode {
  const file = resolve(specRoot, relativeFile);
  const root = load(file);
  return resolveRefs(pointerGet(root, pointer), file, root) as SpecNode;
}
