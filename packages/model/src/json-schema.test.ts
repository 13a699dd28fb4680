import { describe, expect, it } from 'vitest';
import { apiVersions, variantOf } from './api-version.js';
import { type JsonSchema, toJsonSchema, toJsonSchemas } from './json-schema.js';
import { specNode, specSchemas } from './official-spec.test-utils.js';

type Node = Record<string, unknown>;

function types(node: Node): string | undefined {
  return typeof node.type === 'string' ? node.type : undefined;
}

/**
 * Lists where two OpenAPI 3.0 schemas differ in what the model promises:
 * property names and their order, types, required lists, nullability,
 * enums and date-time formats. Ranges and descriptions are not compared.
 */
function differences(ours: Node, spec: Node, at = ''): string[] {
  const found: string[] = [];
  const specType = types(spec);
  if (specType !== undefined && types(ours) !== specType) {
    found.push(`${at || '/'}: type ${String(ours.type)} here, ${specType} in the spec`);
  }
  if (specType !== undefined && (ours.nullable === true) !== (spec.nullable === true)) {
    found.push(`${at || '/'}: nullable ${ours.nullable === true} here, ${spec.nullable === true} in the spec`);
  }
  if (spec.format === 'date-time' && ours.format !== 'date-time') found.push(`${at || '/'}: not a date-time here`);
  if (Array.isArray(spec.enum)) {
    const specValues = spec.enum.filter((v) => v !== null);
    if (JSON.stringify(ours.enum) !== JSON.stringify(specValues)) {
      found.push(`${at || '/'}: enum ${JSON.stringify(ours.enum)} here, ${JSON.stringify(specValues)} in the spec`);
    }
  }
  if (specType === 'object' || spec.properties) {
    const ourProps = (ours.properties ?? {}) as Record<string, Node>;
    const specProps = (spec.properties ?? {}) as Record<string, Node>;
    const ourKeys = Object.keys(ourProps);
    const specKeys = Object.keys(specProps);
    for (const key of specKeys) if (!ourKeys.includes(key)) found.push(`${at}/${key}: missing here`);
    for (const key of ourKeys) if (!specKeys.includes(key)) found.push(`${at}/${key}: not in the spec`);
    const shared = ourKeys.filter((key) => specKeys.includes(key));
    if (JSON.stringify(shared) !== JSON.stringify(specKeys.filter((key) => ourKeys.includes(key)))) {
      found.push(`${at || '/'}: keys in another order than the spec`);
    }
    const ourRequired = [...((ours.required as string[] | undefined) ?? [])].sort();
    const specRequired = [...((spec.required as string[] | undefined) ?? [])].sort();
    if (JSON.stringify(ourRequired) !== JSON.stringify(specRequired)) {
      found.push(
        `${at || '/'}: required ${JSON.stringify(ourRequired)} here, ${JSON.stringify(specRequired)} in the spec`,
      );
    }
    for (const key of shared) found.push(...differences(ourProps[key] as Node, specProps[key] as Node, `${at}/${key}`));
  }
  if (specType === 'array' && spec.items && ours.items) {
    found.push(...differences(ours.items as Node, spec.items as Node, `${at}/items`));
  }
  return found;
}

// Deliberate differences, each explained in packages/model/README.md.
const nullableExpiry = ['/expirationDate: nullable true here, false in the spec'];
const deliberate: Record<string, readonly string[]> = {
  // The current shape creates never-expiring tokens, which the response can only say as null.
  ...Object.fromEntries(
    apiVersions
      .filter((version) => variantOf(version) === 'current')
      .map((version) => [`CreatePersonalAccessTokenResponse ${version}`, nullableExpiry]),
  ),
  // One legacy shape: beta's file lets expirationDate be null, v3's and v2024's do not.
  'GetPersonalAccessTokenResponse v3': nullableExpiry,
  'GetPersonalAccessTokenResponse v2024': nullableExpiry,
  'OAuthTokenResponse v2025': [
    '/accessType: not in the spec',
    '/tenant_id: not in the spec',
    '/internal: not in the spec',
    '/pod: not in the spec',
    '/strong_auth_supported: not in the spec',
    '/org: not in the spec',
    '/user_id: not in the spec',
    '/identity_id: not in the spec',
    '/user_name: not in the spec',
    '/strong_auth: not in the spec',
    '/enabled: not in the spec',
    '/jti: not in the spec',
    '/: required ["access_token","expires_in","token_type"] here, [] in the spec',
  ],
};

describe('JSON Schema export against the official OpenAPI files', () => {
  it.each(specSchemas.map((s) => [s.model, s.apiVersion, s] as const))('%s (%s)', (model, apiVersion, s) => {
    const ours = toJsonSchema(model, { apiVersion, target: 'openapi-3.0' }) as Node;
    expect(differences(ours, s.read())).toEqual(deliberate[`${model} ${apiVersion}`] ?? []);
  });

  it('reads the official files of every API version', () => {
    const versions = new Set(
      specSchemas.filter((s) => s.model === 'GetPersonalAccessTokenResponse').map((s) => s.apiVersion),
    );
    expect([...versions].sort()).toEqual([...apiVersions].sort());
  });

  it('notices a changed type, nullability, key, order or required list', () => {
    const ours = toJsonSchema('GetPersonalAccessTokenResponse', { target: 'openapi-3.0' }) as Node;
    const spec = specNode('idn/v2025/schemas/GetPersonalAccessTokenResponse.yaml');
    const props = spec.properties as Record<string, Node>;
    const { id, name, ...rest } = props;
    const changed: Node = {
      ...spec,
      required: ['id', 'name'],
      properties: {
        name,
        id,
        ...rest,
        created: { type: 'integer' },
        lastUsed: { ...props.lastUsed, nullable: false },
        extra: { type: 'string' },
      },
    };
    expect(differences(ours, changed)).toEqual([
      '/extra: missing here',
      '/: keys in another order than the spec',
      '/: required ["created","id","name","owner","scope"] here, ["id","name"] in the spec',
      '/created: type string here, integer in the spec',
      '/lastUsed: nullable true here, false in the spec',
    ]);
  });

  it('writes draft 2020-12 with null as a type of its own', () => {
    const schema = toJsonSchema('GetPersonalAccessTokenResponse') as JsonSchema & { properties: Node };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.properties.lastUsed).toEqual({
      anyOf: [{ type: 'string', format: 'date-time', examples: ['2017-07-11T18:45:37.098Z'] }, { type: 'null' }],
    });
    expect(schema.required).toEqual(['id', 'name', 'scope', 'owner', 'created']);
  });

  it('writes example, not examples, for OpenAPI 3.0', () => {
    const schema = toJsonSchema('GetPersonalAccessTokenResponse', { target: 'openapi-3.0' }) as { properties: Node };
    expect(schema.properties.created).toEqual({
      type: 'string',
      format: 'date-time',
      example: '2017-07-11T18:45:37.098Z',
    });
    expect(JSON.stringify(toJsonSchemas({ target: 'openapi-3.0' }))).not.toContain('"examples"');
  });

  it('keeps defaults and ranges', () => {
    const schema = toJsonSchema('GetPersonalAccessTokenResponse', { target: 'openapi-3.0' }) as { properties: Node };
    expect(schema.properties.managed).toEqual({ type: 'boolean', default: false });
    expect(schema.properties.accessTokenValiditySeconds).toEqual({
      type: 'integer',
      format: 'int32',
      minimum: 15,
      maximum: 43200,
      default: 43200,
    });
  });

  it('leaves userAwareTokenNeverExpires out of the legacy variant', () => {
    const schema = toJsonSchema('GetPersonalAccessTokenResponse', { apiVersion: 'v2024' }) as { properties: Node };
    expect(Object.keys(schema.properties)).not.toContain('userAwareTokenNeverExpires');
  });

  it('says additionalProperties: false when unknown keys are rejected', () => {
    expect(toJsonSchema('PatOwner', { unknownKeys: 'reject' }).additionalProperties).toBe(false);
    expect(toJsonSchema('PatOwner').additionalProperties).toBeUndefined();
  });
});
