/** Every API version patkit speaks, newest first. */
export const apiVersions = ['v2026', 'v2025', 'v1', 'v2024', 'beta', 'v3'] as const;

export type ApiVersion = (typeof apiVersions)[number];

/** The API version used when none is given. */
export const defaultApiVersion = 'v2025' satisfies ApiVersion;

/**
 * Versions that share the legacy PAT shape: no `userAwareTokenNeverExpires`,
 * expiry defaults to six months after creation and cannot be later than that.
 */
export const legacyApiVersions = ['v2024', 'beta', 'v3'] as const satisfies readonly ApiVersion[];

export type LegacyApiVersion = (typeof legacyApiVersions)[number];

/**
 * The two wire shapes. `current` is v2025, v2026 and `/personal-access-tokens/v1`;
 * `legacy` is v3, beta and v2024.
 */
export type ModelVariant = 'current' | 'legacy';

export type VariantOf<V extends ApiVersion> = V extends LegacyApiVersion ? 'legacy' : 'current';

export function isApiVersion(value: unknown): value is ApiVersion {
  return typeof value === 'string' && (apiVersions as readonly string[]).includes(value);
}

export function variantOf<V extends ApiVersion>(apiVersion: V): VariantOf<V> {
  return ((legacyApiVersions as readonly string[]).includes(apiVersion) ? 'legacy' : 'current') as VariantOf<V>;
}
