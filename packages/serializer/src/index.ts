export { type ByteSource, type FileSource, fileSource } from './byte-source.js';
export {
  createDecoder,
  type DecodeResult,
  decode,
  decodeOrThrow,
  decodeValue,
  type ModelDecoder,
} from './decode.js';
export { decodeJsonValue, decodeJsonValues, type JsonValueOptions } from './decode-json.js';
export {
  decodeBatches,
  decodeList,
  decodeStream,
  type ListDecodeOptions,
  type ListFormat,
  type StreamDecodeOptions,
} from './decode-list.js';
export { createEncoder, type EncodeOptions, encode, type ModelEncoder } from './encode.js';
export { encodeList, encodeStream, type ListEncodeOptions } from './encode-list.js';
export type { Decoded, DecodeOptions, Mode } from './options.js';
export { parseJson } from './parse-json.js';
export {
  formatLocation,
  type Location,
  SerializerError,
  type SerializerErrorCode,
  type SerializerIssue,
  type SerializerWarning,
  type SerializerWarningCode,
} from './serializer-error.js';
