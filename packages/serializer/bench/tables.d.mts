export const tables: { readonly 'decode-encode': (section: unknown) => string };
