// YAML for profiles, policies and `-o yaml`: the installed yaml package, a
// dependency that @patkit/client also loads for sail's file, so one copy
// serves both. Loaded with require when a command first needs it (a
// bundle's dynamic import() of a CommonJS package would export only
// `default`).
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;
const yaml = (): typeof Yaml => {
  const require = createRequire(import.meta.url);
  loaded ??= require('yaml') as typeof Yaml;
  return loaded;
};

export const parseYaml = (text: string): unknown => yaml().parse(text);
export const parseYamlDocument = (text: string): Yaml.Document.Parsed => yaml().parseDocument(text);
export const stringifyYaml = (value: unknown): string => yaml().stringify(value);
