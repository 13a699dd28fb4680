export const tables: {
  readonly startup: (section: unknown) => string;
  readonly 'audit-scale': (section: unknown) => string;
  readonly tenants: (section: unknown) => string;
};
