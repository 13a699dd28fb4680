export type MockErrorCode = 'invalid_seed' | 'invalid_option' | 'storage';

/** The error type of the mock server's own API (options, seeds, storage). */
export class MockError extends Error {
  override readonly name = 'MockError';
  readonly code: MockErrorCode;

  constructor(code: MockErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
