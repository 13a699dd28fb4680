export const tables: { readonly 'import-time': (section: unknown) => string };
