/** What a PAT's holder needs to mint tokens with it. */
export interface PatCredentials {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * A place a rotated PAT's credentials are delivered to. A rotation checks
 * and prepares every destination before it creates anything, delivers to
 * each in order, and undoes the deliveries made if a later step fails.
 */
export interface Destination {
  /** How the trail, --dry-run and errors name it (never with a secret). */
  readonly label: string;
  /** The files it writes (a --record trail may be none of them). */
  readonly files: readonly string[];
  /** Every check prepare() makes, writing nothing (--dry-run runs it). Throws a CliError if it cannot be used. */
  check(): Promise<void>;
  /** Checks that it can be written and keeps its present content, to undo a delivery with. Throws a CliError if not. */
  prepare(): Promise<void>;
  /** The credentials it holds now, as far as it can tell (a killed run is finished from them). */
  held(): Promise<Partial<PatCredentials> | undefined>;
  deliver(next: PatCredentials): Promise<void>;
  /** Puts back what prepare() found; `previous` are the old PAT's credentials when patkit knows them. */
  undo(previous: PatCredentials | undefined): Promise<void>;
  /** The rotation is done: drops what was kept to undo with (a profile's old secret file). */
  commit(): void;
}

/** A destination flag as given on the command line, in order. */
export interface DestinationFlag {
  readonly kind: 'profile' | 'env-file' | 'sailpoint-config' | 'exec';
  /** The flag's value; '' for --update-profile and --sailpoint-config without one. */
  readonly value: string;
}
