/** RFC 6901 JSON Pointer of a path: `["owner", "id"]` → `/owner/id`, `[]` → `` (the whole document). */
export function toJsonPointer(path: readonly PropertyKey[]): string {
  let pointer = '';
  for (const segment of path) {
    pointer += `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`;
  }
  return pointer;
}

/** The segments of an RFC 6901 JSON Pointer; throws a SyntaxError when it is not one. */
export function parseJsonPointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw new SyntaxError(`${JSON.stringify(pointer)} is not a JSON Pointer: it must start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => {
      if (/~[^01]|~$/.test(segment)) {
        throw new SyntaxError(`${JSON.stringify(pointer)} is not a JSON Pointer: "~" must be followed by 0 or 1`);
      }
      return segment.replaceAll('~1', '/').replaceAll('~0', '~');
    });
}
