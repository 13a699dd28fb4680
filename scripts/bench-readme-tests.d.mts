export function benchReadmeTests(
  packageUrl: URL,
  tables: Readonly<Record<string, (section: never) => string>>,
  names: readonly string[],
  file?: string,
): void;
