import { type ApiVersion, isModelName, modelNames, toJsonSchema } from '@patkit/model';
import { usageError } from '../cli-error.js';

/** patkit schema [MODEL] [--format json-schema|openapi]: the JSON Schema of one model, or of all. */
export function schema(model: string | undefined, options: { format?: string; apiVersion?: ApiVersion }): number {
  const format = options.format ?? 'json-schema';
  if (format !== 'json-schema' && format !== 'openapi')
    throw usageError(`--format must be json-schema or openapi, got ${format}`);
  const target = format === 'openapi' ? 'openapi-3.0' : 'draft-2020-12';
  const version = options.apiVersion === undefined ? {} : { apiVersion: options.apiVersion };
  if (model !== undefined) {
    if (!isModelName(model))
      throw usageError(`unknown model ${JSON.stringify(model)}`, `use one of ${modelNames.join(', ')}`);
    process.stdout.write(`${JSON.stringify(toJsonSchema(model, { target, ...version }), null, 2)}\n`);
    return 0;
  }
  const all = Object.fromEntries(modelNames.map((name) => [name, toJsonSchema(name, { target, ...version })]));
  process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
  return 0;
}
