// The official OpenAPI files as the judge of a response: the schema they give
// for an operation's status, compiled by ajv.
import { type ApiVersion, apiVersionTable } from '@patkit/model';
import { type SpecNode, specNode } from '@patkit/reference';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);

export type SpecVersion = ApiVersion;
export type SpecOperation = 'get' | 'post' | 'patch' | 'delete';

// The copied v3 files point at ../responses/*.yaml, which the reference copy
// does not hold; error responses are the same in every version, so v2025's stand in.
function responseFile(file: string, status: number): string {
  return status >= 400 && file.startsWith('idn/v3/') ? file.replace('idn/v3/', 'idn/v2025/') : file;
}

function responseSchema(file: string, operation: string, status: number): SpecNode | undefined {
  const response = specNode(responseFile(file, status), `/${operation}/responses/${status}`);
  const schema = (response?.content as Record<string, { schema?: SpecNode }> | undefined)?.['application/json']?.schema;
  if (schema === undefined) return undefined;
  // Known inconsistency (shared/brief/API.md): the create response marks expirationDate
  // required and non-null, yet v2025 creates never-expiring PATs, which read as null.
  if (operation === 'post' && status === 200 && (schema.properties as Record<string, SpecNode>)?.expirationDate) {
    const properties = schema.properties as Record<string, SpecNode>;
    return {
      ...schema,
      properties: { ...properties, expirationDate: { ...properties.expirationDate, nullable: true } },
    };
  }
  return schema;
}

/**
 * OpenAPI 3.0's `allOf: [$ref, { nullable: true }]` (the Identity schema's
 * lifecycleState) means "that, or null"; ajv wants `nullable` next to a
 * `type`, so it is said as `anyOf: [that, null]`.
 */
function forAjv(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forAjv);
  if (typeof node !== 'object' || node === null) return node;
  const copy = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, forAjv(value)])) as SpecNode;
  const members = copy.allOf as SpecNode[] | undefined;
  if (members?.some((member) => member.nullable === true && member.type === undefined)) {
    const { allOf: _members, ...rest } = copy;
    const kept = members.map(({ nullable: _nullable, ...member }) => member);
    return { ...rest, anyOf: [{ allOf: kept }, { type: 'null' }] };
  }
  return copy;
}

const compiled = new Map<string, ValidateFunction | undefined>();

/**
 * What the official files find wrong with a response: [] when it conforms, a
 * sentence when they list no body for its status (204 must have none).
 */
export function specProblems(
  version: SpecVersion,
  kind: 'list' | 'item',
  operation: SpecOperation,
  status: number,
  text: string,
): unknown[] {
  return specFileProblems(apiVersionTable[version].specFiles[kind], operation, status, text);
}

/** The same for any operation of an official paths file (the identities paths, say). */
export function specFileProblems(file: string, operation: SpecOperation, status: number, text: string): unknown[] {
  if (status === 204) return text === '' ? [] : ['a 204 with a body'];
  const key = `${file} ${operation} ${status}`;
  if (!compiled.has(key)) {
    const schema = responseSchema(file, operation, status);
    compiled.set(key, schema === undefined ? undefined : ajv.compile(forAjv(schema) as object));
  }
  const validate = compiled.get(key);
  if (validate === undefined) return [`the spec lists no body for ${operation.toUpperCase()} ${status}`];
  return validate(JSON.parse(text)) ? [] : (validate.errors ?? []);
}

/** The token endpoint's schema for a status, compiled. */
export function tokenResponseValidator(status: number): ValidateFunction {
  const node = specNode(
    'dereferenced/deref-sailpoint-api.oauth.yaml',
    `/paths/~1oauth~1token/post/responses/${status}`,
  );
  return ajv.compile((node.content as Record<string, { schema: object }>)['application/json']?.schema as object);
}
