/** The exit codes of patkit, as `--help` and the README list them. */
export const exitCodes = {
  ok: 0,
  /** A failure, or findings (invalid files, audit findings). */
  failure: 1,
  usage: 2,
  notFound: 3,
  auth: 4,
  api: 5,
  /** The person at the prompt said no. */
  declined: 6,
  /** Another run is rotating the same PAT (its lease in ISC, or this machine's lock): nothing was changed. */
  busy: 7,
  /** Several tenants: some failed (each named on stderr), the others completed. */
  partial: 8,
  interrupted: 130,
} as const;

export const exitCodesHelp = `Exit codes:
  0    success
  1    failure, or findings (invalid files)
  2    usage error (unknown command or option, bad value)
  3    not found
  4    authentication or permission refused
  5    other API error
  6    declined at a prompt
  7    another rotation of the same PAT is in progress (nothing was changed)
  8    partly done: of several tenants, some failed (each named on stderr), the others completed
  130  interrupted (Ctrl-C)`;
