export const latencyLabel: (value: number | { readonly from: number; readonly to: number }) => string;
export const tables: {
  readonly startup: (section: unknown) => string;
  readonly 'audit-scale': (section: unknown) => string;
  readonly tenants: (section: unknown) => string;
};
