import type { ApiVersion, defaultApiVersion, Model, ModelName } from '@patkit/model';
import { modelNodes, variantOf } from '@patkit/model/core';
import { located } from './decode.js';
import { compileDecoder, type DecoderFlags, INVALID } from './decoder.js';
import { checkModel, type ResolvedDecodeOptions, resolveApiVersion } from './options.js';
import { optionError, SerializerError } from './serializer-error.js';
import { compileWriter } from './text-writer.js';

export interface EncodeOptions<V extends ApiVersion = ApiVersion> {
  /** Selects the wire shape. Default: `defaultApiVersion`. */
  readonly apiVersion?: V;
  /** Pretty-print with this indent (a number of spaces or a string). Default: compact. */
  readonly indent?: number | string;
  /**
   * `canonical` (default): absent optional keys are omitted. `powershell`: every
   * key is written, absent ones as null, as ConvertTo-Json writes an
   * Initialize-d PowerShell SDK object.
   */
  readonly style?: 'canonical' | 'powershell';
}

function flagsFor(style: 'canonical' | 'powershell'): DecoderFlags {
  return {
    rejectUnknown: false,
    keepUnknown: true,
    applyDefaults: false,
    nullAsAbsent: false,
    allowMissingZone: false,
    allKeys: style === 'powershell',
  };
}

export interface PreparedEncoder {
  /** The model's plain JSON value: keys in the spec's order, canonical dates; throws SerializerError. */
  readonly toPlain: (value: unknown) => unknown;
  /** The model as JSON text, as the options ask; throws SerializerError. */
  readonly toText: (value: unknown) => string;
  readonly indent: number | string | undefined;
}

const prepared = new Map<string, PreparedEncoder>();

/** Checks the options once, for encoding many values of one model. */
export function prepareEncoder(model: ModelName, options: EncodeOptions): PreparedEncoder {
  let cacheKey: string = model;
  for (const name in options) cacheKey += `|${name}=${String(options[name as keyof EncodeOptions])}`;
  const cached = prepared.get(cacheKey);
  if (cached !== undefined) return cached;
  checkModel(model);
  const style = options.style ?? 'canonical';
  if (style !== 'canonical' && style !== 'powershell') {
    throw optionError(`style must be "canonical" or "powershell", got ${JSON.stringify(style)}`);
  }
  const { indent } = options;
  if (
    indent !== undefined &&
    typeof indent !== 'string' &&
    !(Number.isInteger(indent) && indent >= 0 && indent <= 10)
  ) {
    throw optionError(`indent must be a number of spaces from 0 to 10 or a string, got ${JSON.stringify(indent)}`);
  }
  const apiVersion = resolveApiVersion(options.apiVersion);
  const resolved: ResolvedDecodeOptions = {
    apiVersion,
    flags: flagsFor(style),
    maxBytes: Number.MAX_SAFE_INTEGER,
    maxDepth: 64,
    maxErrors: 20,
    source: undefined,
  };
  const node = modelNodes[variantOf(apiVersion)][model];
  const decoder = compileDecoder(node, resolved.flags);
  const toPlain = (value: unknown): unknown => {
    const ctx = { maxErrors: 20, maxDepth: 64, errors: [], warnings: [], omittedErrors: 0, omittedWarnings: 0 };
    const plain = decoder(value, ctx, undefined, undefined);
    if (plain === INVALID || ctx.errors.length > 0) {
      const [first, ...rest] = located(ctx, undefined, resolved).errors;
      if (first !== undefined) throw new SerializerError([first, ...rest], { subject: `The ${model} to encode` });
    }
    return plain;
  };
  // Compact canonical JSON, the mock's and the APIs' shape, is written straight from a valid value.
  const write = style === 'canonical' && indent === undefined ? compileWriter(node) : undefined;
  const encoder: PreparedEncoder = {
    indent,
    toPlain,
    toText:
      write === undefined
        ? (value) => JSON.stringify(toPlain(value), null, indent)
        : (value) => write(value) ?? JSON.stringify(toPlain(value)),
  };
  if (prepared.size > 1000) prepared.clear();
  prepared.set(cacheKey, encoder);
  return encoder;
}

/**
 * Writes a model as canonical JSON: keys in the spec's order, date-times as
 * `YYYY-MM-DDTHH:mm:ss.sssZ`, absent optional keys omitted (or null with
 * `style: 'powershell'`), compact unless `indent` is given. Unknown keys a
 * tolerant decode kept are written after the known ones. Throws a
 * SerializerError when the value is not a valid model.
 */
export function encode<N extends ModelName, V extends ApiVersion = typeof defaultApiVersion>(
  model: N,
  value: Model<N, V>,
  options: EncodeOptions<V> = {},
): string {
  return prepareEncoder(model, options).toText(value);
}

export interface ModelEncoder<T> {
  /** Writes the value as JSON; throws a SerializerError when it is not a valid model. */
  encode(value: T): string;
}

/** An encoder for one model and one set of options, checked and compiled once. */
export function createEncoder<N extends ModelName, V extends ApiVersion = typeof defaultApiVersion>(
  model: N,
  options: EncodeOptions<V> = {},
): ModelEncoder<Model<N, V>> {
  const { toText } = prepareEncoder(model, { ...options });
  return { encode: toText };
}
