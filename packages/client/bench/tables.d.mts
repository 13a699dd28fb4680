export const tables: {
  readonly 'import-time': (section: unknown) => string;
  readonly footprint: (section: unknown) => string;
};
