export const tables: {
  readonly 'decode-encode': (section: unknown) => string;
  readonly 'duplicate-key-cost': (section: unknown) => string;
};
