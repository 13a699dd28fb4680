// YAML for profiles, policies and `-o yaml`, loaded by the commands with
// import(). The yaml package is CommonJS, so it is imported statically here:
// when a bundle splits a dynamic import() of a CommonJS package into its own
// chunk, that chunk exports only `default` and named imports come out
// undefined (scripts/bundle.mjs refuses such a bundle).
import { parse, parseDocument, stringify } from 'yaml';

export { parse as parseYaml, parseDocument as parseYamlDocument, stringify as stringifyYaml };
