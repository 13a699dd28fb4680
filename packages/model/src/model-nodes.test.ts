import { describe, expect, it } from 'vitest';
import { generatedNodes } from '../scripts/generate-nodes.js';
import { modelNames } from './model-names.js';
import { modelNodes } from './model-nodes.generated.js';
import { schemaNode } from './schema-node.js';
import { getSchema } from './schemas.js';

describe('the generated model nodes', () => {
  it('are what the zod schemas describe now (else: pnpm --filter @patkit/model generate)', () => {
    for (const name of modelNames) {
      expect(modelNodes.current[name], name).toEqual(schemaNode(getSchema(name, { apiVersion: 'v2025' })));
      expect(modelNodes.legacy[name], name).toEqual(schemaNode(getSchema(name, { apiVersion: 'v3' })));
    }
    expect(generatedNodes()).toContain('export const modelNodes');
  });
});
