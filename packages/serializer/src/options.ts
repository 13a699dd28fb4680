import type { Model, WithDefaults } from '@patkit/model';
import {
  type ApiVersion,
  apiVersions,
  defaultApiVersion,
  isApiVersion,
  isModelName,
  type ModelName,
  modelNames,
} from '@patkit/model/core';
import type { DecoderFlags } from './decoder.js';
import { optionError } from './serializer-error.js';

/** `strict`: unknown keys and zone-less date-times are errors. `tolerant` (default): they are read, with warnings. */
export type Mode = 'strict' | 'tolerant';

/**
 * A model as decoding in mode M returns it: tolerant mode fills absent keys
 * that have a default in the spec (`Pat`: `managed`, `accessTokenValiditySeconds`, …),
 * strict mode gives what the text has.
 */
export type Decoded<N extends ModelName, V extends ApiVersion, M extends Mode> = M extends 'strict'
  ? Model<N, V>
  : WithDefaults<N, V>;

export interface DecodeOptions<V extends ApiVersion = ApiVersion, M extends Mode = Mode> {
  /** Selects the wire shape. Default: `defaultApiVersion`. */
  readonly apiVersion?: V;
  /** Default `tolerant`, the right choice for API responses. */
  readonly mode?: M;
  /**
   * Tolerant mode only: keep unknown keys in the model (`keep`) or strip
   * them (`strip`, default), the words of `@patkit/model`'s `unknownKeys`.
   * `drop` is the old name of `strip`, for a release.
   */
  readonly unknownKeys?: 'keep' | 'strip' | 'drop';
  /** Inputs larger than this many bytes fail with `too_large`. Default 64 MiB (per item in streams: 1 MiB). */
  readonly maxBytes?: number;
  /** Deeper nesting fails with `too_deep`. Default 64. */
  readonly maxDepth?: number;
  /** At most this many errors (and warnings) are reported. Default 20. */
  readonly maxErrors?: number;
  /** A name for the input (a file name) used in locations. */
  readonly source?: string;
}

export interface ResolvedDecodeOptions {
  readonly apiVersion: ApiVersion;
  readonly flags: DecoderFlags;
  readonly maxBytes: number;
  readonly maxDepth: number;
  readonly maxErrors: number;
  readonly source: string | undefined;
}

export const defaultMaxBytes = 64 * 1024 * 1024;
export const defaultMaxItemBytes = 1024 * 1024;

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1)
    throw optionError(`${name} must be a positive integer, got ${String(value)}`);
  return value;
}

export function checkModel(model: string): asserts model is ModelName {
  if (!isModelName(model)) {
    throw optionError(`unknown model ${JSON.stringify(model)}; use one of ${modelNames.join(', ')}`);
  }
}

export function resolveApiVersion(apiVersion: string | undefined): ApiVersion {
  if (apiVersion === undefined) return defaultApiVersion;
  if (!isApiVersion(apiVersion)) {
    throw optionError(`unknown API version ${JSON.stringify(apiVersion)}; use one of ${apiVersions.join(', ')}`);
  }
  return apiVersion;
}

export function resolveDecodeOptions(options: DecodeOptions, maxBytesDefault = defaultMaxBytes): ResolvedDecodeOptions {
  const mode = options.mode ?? 'tolerant';
  if (mode !== 'strict' && mode !== 'tolerant') {
    throw optionError(`mode must be "strict" or "tolerant", got ${JSON.stringify(mode)}`);
  }
  const unknownKeys = options.unknownKeys ?? 'strip';
  if (unknownKeys !== 'keep' && unknownKeys !== 'strip' && unknownKeys !== 'drop') {
    throw optionError(`unknownKeys must be "keep" or "strip", got ${JSON.stringify(unknownKeys)}`);
  }
  if (mode === 'strict' && options.unknownKeys !== undefined) {
    throw optionError('unknownKeys applies to tolerant mode; strict mode rejects unknown keys');
  }
  const tolerant = mode === 'tolerant';
  return {
    apiVersion: resolveApiVersion(options.apiVersion),
    flags: {
      rejectUnknown: !tolerant,
      keepUnknown: tolerant && unknownKeys === 'keep',
      applyDefaults: tolerant,
      nullAsAbsent: tolerant,
      allowMissingZone: tolerant,
      allKeys: false,
    },
    maxBytes: positiveInteger('maxBytes', options.maxBytes, maxBytesDefault),
    maxDepth: positiveInteger('maxDepth', options.maxDepth, 64),
    maxErrors: positiveInteger('maxErrors', options.maxErrors, 20),
    source: options.source,
  };
}
