export interface NodeBinary {
  readonly version: string;
  readonly bin: string;
  readonly binDir: string;
  readonly nodedir: string | undefined;
}
export declare const nodeLines: readonly string[];
export declare const pinnedNode: string;
export declare const minimumNode: string;
export declare function atLeast(a: string, b: string): boolean;
/** The folder of npm package `name` at `version`, installed into patkit's cache when not there yet. */
export declare function ensurePackage(name: string, version: string, log?: (line: string) => void): string;
export declare function ensureNode(version: string, log?: (line: string) => void): NodeBinary;
/** `env` with `dir` first on its PATH. */
export declare function onPath(dir: string, env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function envFor(node: NodeBinary, env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
