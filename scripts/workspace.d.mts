export interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly license?: string;
  readonly engines?: Record<string, string>;
  readonly bin?: Record<string, string>;
  readonly files?: readonly string[];
  readonly exports?: Record<string, unknown>;
  readonly types?: string;
  readonly repository?: { readonly type: string; readonly url: string; readonly directory?: string };
  readonly scripts?: Record<string, string>;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}
export interface WorkspacePackage {
  readonly url: URL;
  readonly path: string;
  readonly json: PackageJson;
}
export declare const root: URL;
export declare function workspacePackages(): WorkspacePackage[];
