/**
 * The name a PAT is stored and compared under: without leading and trailing
 * white space. No Unicode normalization (ISC documents none): `é` written
 * as one code point and as `e` + a combining accent are two names, as they
 * are two byte sequences. A name that is empty once trimmed is refused.
 */
export function normalizePatName(name: string): string {
  return name.trim();
}
