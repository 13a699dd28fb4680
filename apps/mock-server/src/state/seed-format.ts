// The seed file's format, and its check: written without zod, so that the
// mock server starts without loading it (most of its start-up time, measured
// in bench/startup.mjs). The messages read as the model's do.
import {
  describeValue,
  type IdentityStatus,
  identityStatuses,
  maxAccessTokenValiditySeconds,
  minAccessTokenValiditySeconds,
  parseDateTime,
  toJsonPointer,
} from '@patkit/model/core';

/**
 * The seed file format (stable: test suites outside this repository use it).
 * Every PAT key but id, secret, name and ownerId is optional; date-times are
 * RFC 3339 text.
 */
export interface Seed {
  identities: SeedIdentity[];
  pats: SeedPat[];
}

export interface SeedIdentity {
  id: string;
  name: string;
  level: 'user' | 'admin';
  alias?: string;
  email?: string;
  identityStatus?: IdentityStatus;
  lifecycleState?: string;
  removed?: boolean;
  created?: string;
  modified?: string;
  lastRefresh?: string;
}

export interface SeedPat {
  id: string;
  secret: string;
  name: string;
  ownerId: string;
  scope?: string[] | null;
  created?: string;
  lastUsed?: string | null;
  managed?: boolean;
  accessTokenValiditySeconds?: number;
  expirationDate?: string | null;
  userAwareTokenNeverExpires?: boolean;
}

type Path = readonly (string | number)[];

/** What a value of the format must be: in words, and its problems at a path (a line each), saying it should be `what`. */
interface Check {
  readonly what: string;
  problems(value: unknown, path: Path, what: string): string[];
}

const line = (path: Path, message: string) => `  ${toJsonPointer(path) || '(root)'}: ${message}`;
const got = (what: string, value: unknown, path: Path) => [line(path, `expected ${what}, got ${describeValue(value)}`)];

/** A string, of at least one character unless `empty`, that has a UTF-8 form. */
function text(empty = false): Check {
  return {
    what: empty ? 'a string' : 'a non-empty string',
    problems: (value, path, what) => {
      if (typeof value !== 'string') return got(what, value, path);
      if (value === '' && !empty) return [line(path, 'must not be empty')];
      // An unpaired surrogate would be stored, compared and listed as something else.
      return value.isWellFormed()
        ? []
        : [line(path, 'is not well-formed Unicode (an unpaired surrogate); write the text as UTF-8')];
    },
  };
}

function oneOf(values: readonly string[]): Check {
  return {
    what: `one of ${values.map((value) => JSON.stringify(value)).join(', ')}`,
    problems: (value, path, what) => (values.includes(value as string) ? [] : got(what, value, path)),
  };
}

const boolean: Check = {
  what: 'true or false',
  problems: (value, path, what) => (typeof value === 'boolean' ? [] : got(what, value, path)),
};

const dateTime: Check = {
  what: 'a date-time such as "2017-07-11T18:45:37.098Z"',
  problems: (value, path, what) => {
    if (typeof value !== 'string') return got(what, value, path);
    const parsed = parseDateTime(value);
    return parsed.ok ? [] : [line(path, parsed.message)];
  },
};

const validity: Check = {
  what: `an integer from ${minAccessTokenValiditySeconds} to ${maxAccessTokenValiditySeconds}`,
  problems: (value, path, what) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) return got(what, value, path);
    return value < minAccessTokenValiditySeconds || value > maxAccessTokenValiditySeconds
      ? [line(path, `${value} is out of range; use ${validity.what}`)]
      : [];
  },
};

function nullable(check: Check): Check {
  return {
    what: `${check.what} or null`,
    problems: (value, path, what) => (value === null ? [] : check.problems(value, path, what)),
  };
}

function arrayOf(item: Check, what = `an array whose items are each ${item.what}`): Check {
  return {
    what,
    problems: (value, path, what) =>
      Array.isArray(value)
        ? value.flatMap((one, index) => item.problems(one, [...path, index], item.what))
        : got(what, value, path),
  };
}

/** A key that may be left out (not set to undefined). */
const optional = (check: Check): Check & { readonly optional: true } => ({ ...check, optional: true });

/** An object of these keys and no others. */
function object(name: string, keys: Record<string, Check & { readonly optional?: true }>): Check {
  return {
    what: name,
    problems: (value, path, what) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return got(what, value, path);
      const lines: string[] = [];
      for (const [key, keyCheck] of Object.entries(keys)) {
        if (Object.hasOwn(value, key))
          lines.push(...keyCheck.problems((value as Record<string, unknown>)[key], [...path, key], keyCheck.what));
        else if (!keyCheck.optional) lines.push(line([...path, key], `required key is missing; add ${keyCheck.what}`));
      }
      for (const key of Object.keys(value))
        if (!Object.hasOwn(keys, key))
          lines.push(line([...path, key], `${JSON.stringify(key)} is not a key of ${name}; remove it`));
      return lines;
    },
  };
}

const identity = object('a seed identity', {
  id: text(),
  name: text(),
  level: oneOf(['user', 'admin']),
  alias: optional(text()),
  email: optional(text()),
  identityStatus: optional(oneOf(identityStatuses)),
  lifecycleState: optional(text()),
  removed: optional(boolean),
  created: optional(dateTime),
  modified: optional(dateTime),
  lastRefresh: optional(dateTime),
});

const pat = object('a seed PAT', {
  id: text(),
  secret: text(),
  name: text(),
  ownerId: text(),
  scope: optional(nullable(arrayOf(text(true), 'an array of strings'))),
  created: optional(dateTime),
  lastUsed: optional(nullable(dateTime)),
  managed: optional(boolean),
  accessTokenValiditySeconds: optional(validity),
  expirationDate: optional(nullable(dateTime)),
  userAwareTokenNeverExpires: optional(boolean),
});

const seed = object('a seed', { identities: arrayOf(identity), pats: arrayOf(pat) });

/** The lines saying what is wrong with a seed's shape, none when it is a Seed. */
export function seedShapeProblems(value: unknown): string[] {
  return seed.problems(value, [], seed.what);
}

/** A copy of `item` with the date-times at `keys` in canonical form (null and absent ones as they are). */
function withCanonicalDates<T extends object>(item: T, keys: readonly (keyof T & string)[]): T {
  const copy: Record<string, unknown> = { ...(item as Record<string, unknown>) };
  for (const key of keys) {
    const value = copy[key];
    const parsed = typeof value === 'string' ? parseDateTime(value) : undefined;
    if (parsed?.ok) copy[key] = parsed.value;
  }
  return copy as T;
}

/** A copy of a seed that passed the check, its date-times in canonical form, as the API writes them. */
export function canonicalSeed(seed: Seed): Seed {
  return {
    identities: seed.identities.map((one) => withCanonicalDates(one, ['created', 'modified', 'lastRefresh'])),
    pats: seed.pats.map((one) => withCanonicalDates(one, ['created', 'lastUsed', 'expirationDate'])),
  };
}
