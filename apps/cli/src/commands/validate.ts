import type { ApiVersion, ModelName } from '@patkit/model';
import { isModelName, modelNames } from '@patkit/model/core';
import { decode, decodeList, formatLocation, type SerializerIssue } from '@patkit/serializer';
import { usageError } from '../cli-error.js';
import { detectModel } from '../detect-model.js';
import { exitCodes } from '../exit-codes.js';
import { inputName, readInput } from '../read-input.js';

export interface ValidateOptions {
  readonly strict?: boolean;
  readonly tolerant?: boolean;
  readonly model?: string;
  readonly apiVersion?: ApiVersion;
}

/** patkit validate [FILE...|-]: exit 0 when every file is valid, 1 otherwise. */
export async function validate(files: readonly string[], options: ValidateOptions): Promise<number> {
  if (options.strict && options.tolerant) throw usageError('--strict and --tolerant exclude each other');
  if (options.model !== undefined && !isModelName(options.model)) {
    throw usageError(`unknown model ${JSON.stringify(options.model)}`, `use one of ${modelNames.join(', ')}`);
  }
  const mode = options.tolerant ? 'tolerant' : 'strict';
  const inputs = files.length === 0 ? ['-'] : files;
  let failures = 0;
  for (const file of inputs) {
    const source = inputName(file);
    const bytes = await readInput(file);
    const text = Buffer.from(bytes).toString('utf8');
    const detected =
      options.model === undefined
        ? detectModel(text)
        : {
            model: options.model as ModelName,
            list: text.trimStart().startsWith('[') && options.model !== 'PatPatchDocument',
            format: 'json' as const,
          };
    const common = {
      mode,
      source,
      ...(options.apiVersion === undefined ? {} : { apiVersion: options.apiVersion }),
    } as const;
    const result = detected.list
      ? decodeList(detected.model, bytes, { ...common, format: detected.format })
      : decode(detected.model, bytes, common);
    const issues: readonly SerializerIssue[] = result.ok ? [] : result.errors;
    for (const warning of result.warnings)
      process.stderr.write(`${formatLocation({ ...warning, source })}: warning: ${warning.message}\n`);
    if (issues.length === 0) {
      process.stdout.write(`${source}: valid ${detected.model}${detected.list ? ' list' : ''} (${mode})\n`);
      continue;
    }
    failures++;
    for (const issue of issues)
      process.stderr.write(`${formatLocation({ ...issue, source })}: ${issue.code}: ${issue.message}\n`);
    process.stdout.write(
      `${source}: invalid ${detected.model}${detected.list ? ' list' : ''}: ${issues.length} problem(s)\n`,
    );
  }
  return failures === 0 ? exitCodes.ok : exitCodes.failure;
}
