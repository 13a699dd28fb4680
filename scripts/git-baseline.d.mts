export function baselineSources(packageDir: string, rev: string): string;
