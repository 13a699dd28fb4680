export const tables: Readonly<Record<string, (section: unknown) => string>>;
export const tablesFile: string;
