import { describe, expect, it } from 'vitest';
import type { ApiVersion } from '../src/api-version.js';
import { apiVersions, apiVersionTable } from '../src/api-version.js';
import type { ModelName } from '../src/model-names.js';
import { type SpecNode, specNode, specSchemas } from '../src/official-spec.test-utils.js';
import { validateModel } from '../src/validate.js';

/** An object made of the `example` of each property, as documentation tools render it. */
function composedExample(node: SpecNode): unknown {
  if (node.example !== undefined && node.type !== 'object') return node.example;
  if (node.properties) {
    const entries = Object.entries(node.properties as Record<string, SpecNode>)
      .map(([key, property]) => [key, composedExample(property)] as const)
      .filter(([, value]) => value !== undefined);
    return Object.fromEntries(entries);
  }
  if (node.type === 'array' && node.items) {
    const item = composedExample(node.items as SpecNode);
    return item === undefined ? undefined : [item];
  }
  return undefined;
}

function expectValid(model: ModelName, apiVersion: ApiVersion, value: unknown): void {
  const result = validateModel(model, value, { apiVersion, unknownKeys: 'reject' });
  expect(result.success ? [] : result.issues).toEqual([]);
}

// The spec gives examples for only some of the token response's keys.
const partialExamples = new Set<ModelName>(['OAuthTokenResponse']);

describe('the examples in the official OpenAPI files', () => {
  it.each(specSchemas.filter((s) => !partialExamples.has(s.model)).map((s) => [s.model, s.apiVersion, s] as const))(
    'property examples of %s (%s) make a valid object',
    (model, apiVersion, s) => {
      const example = composedExample(s.read());
      expect(example).toBeDefined();
      // The generic JsonPatchOperation example patches "/description", which no PAT has.
      if (model === 'PatPatchOperation') expectValid('JsonPatchOperation', apiVersion, example);
      else expectValid(model, apiVersion, example);
    },
  );

  it.each([
    ['idn/v2025/responses/403.yaml', 'v2025'],
    ['idn/v2025/responses/404.yaml', 'v2025'],
    ['idn/v2025/responses/500.yaml', 'v2025'],
    ['idn/apis/shared/responses/403.yaml', 'v1'],
    ['idn/apis/shared/responses/404.yaml', 'v1'],
    ['idn/apis/shared/responses/500.yaml', 'v1'],
  ] as const)('the error example of %s is an ErrorResponseDto', (file, apiVersion) => {
    const examples = specNode(file, '/content/application~1json/examples') as Record<string, { value: unknown }>;
    const values = Object.values(examples).map((example) => example.value);
    expect(values).toHaveLength(1);
    for (const value of values) expectValid('ErrorResponseDto', apiVersion, value);
  });

  it.each(apiVersions.map((apiVersion) => [apiVersionTable[apiVersion].specFiles.item, apiVersion] as const))(
    'the patch example of %s is a PatPatchDocument',
    (file, apiVersion) => {
      const example = specNode(file, '/patch/requestBody/content/application~1json-patch+json/example');
      expect(Array.isArray(example)).toBe(true);
      expectValid('PatPatchDocument', apiVersion, example);
    },
  );

  it('the ErrorMessageDtoList example is an ErrorMessageDto', () => {
    expectValid('ErrorMessageDto', 'v2025', specNode('idn/v2025/schemas/ErrorMessageDtoList.yaml', '/example'));
  });

  it('the token response example type is what the model accepts', () => {
    const schema = specSchemas.find((s) => s.model === 'OAuthTokenResponse')?.read() ?? {};
    const tokenType = (schema.properties as Record<string, SpecNode>).token_type?.example;
    expectValid('OAuthTokenResponse', 'v2025', { access_token: 'eyJ…', token_type: tokenType, expires_in: 43200 });
  });
});
