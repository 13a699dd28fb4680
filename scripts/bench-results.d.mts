export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}
export function machine(): { cpu: string; cores: number; memoryGb: number; os: string };
export function spread(values: readonly number[]): Spread;
export function readResults(file: string): Record<string, Record<string, unknown>>;
export function writeSection(file: string, name: string, figures: Record<string, unknown>): void;
export function withTable(readme: string, name: string, table: string): string;
export function tableNames(readme: string): string[];
export function updateReadme(
  readmeFile: string,
  resultsFile: string,
  render: Record<string, (section: Record<string, unknown>) => string>,
): void;
export function resultsFileOf(packageDir: string): string;
export function normalizeTables(text: string): string;
export function readmeTables(
  readmeFile: string,
  resultsFile: string,
  render: Readonly<Record<string, (section: never) => string>>,
): { name: string; shown: string; expected: string; section: Record<string, unknown> | undefined }[];
