// Access tokens kept between runs, so that a command does not pay a round
// trip to /oauth/token before its work while the last run's token is good.
// A file a PAT (tenant and client id) in a folder only its user can read;
// the file names the secret it was minted with (a hash of it), so a changed
// secret finds nothing. Written whole and renamed into place: runs at once
// each read a whole file, never a torn one.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseJson } from '@patkit/serializer';

/** The PAT a token is minted with. */
export interface TokenKey {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** A token as kept: used until `renewAt` (ms since the epoch), a safety margin before it expires. */
export interface StoredToken {
  readonly accessToken: string;
  readonly renewAt: number;
}

/** Where a client keeps its access token between runs (`createClient({ tokenStore })`). */
export interface TokenStore {
  /** The token kept for these credentials (the same secret), if any; it may have expired. */
  read(key: TokenKey): StoredToken | undefined;
  write(key: TokenKey, token: StoredToken): void;
  /** Forgets the token of a PAT, whatever its secret (after a 401, or once the PAT is deleted). */
  remove(key: Omit<TokenKey, 'clientSecret'>): void;
}

/** The user's cache folder: `$XDG_CACHE_HOME`, else `~/.cache`. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
}

/** `$XDG_CACHE_HOME/patkit/tokens`, else `~/.cache/patkit/tokens`. */
export function defaultTokenDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(userCacheDir(env), 'patkit', 'tokens');
}

const digest = (...parts: string[]) => createHash('sha256').update(parts.join('\0')).digest('hex');

/**
 * Tokens in files of `dir` (made 0700), each 0600. A file that is not the
 * user's own, or that others may read, is not trusted. Nothing here fails
 * a call: a folder that cannot be written only means a token minted anew.
 */
export function fileTokenStore(dir: string = defaultTokenDir()): TokenStore {
  const fileOf = ({ baseUrl, clientId }: Omit<TokenKey, 'clientSecret'>) =>
    join(dir, `${digest(baseUrl, clientId).slice(0, 40)}.json`);
  const secretOf = (key: TokenKey) => digest(key.clientId, key.clientSecret);
  const uid = process.getuid?.();
  return {
    read(key) {
      const file = fileOf(key);
      try {
        const stat = statSync(file);
        if ((uid !== undefined && stat.uid !== uid) || (stat.mode & 0o077) !== 0) return undefined;
        const kept = parseJson(readFileSync(file, 'utf8')) as Partial<StoredToken & { secret: string }>;
        if (kept.secret !== secretOf(key) || typeof kept.accessToken !== 'string' || typeof kept.renewAt !== 'number')
          return undefined;
        return { accessToken: kept.accessToken, renewAt: kept.renewAt };
      } catch {
        return undefined;
      }
    },
    write(key, token) {
      const file = fileOf(key);
      const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        writeFileSync(temporary, JSON.stringify({ secret: secretOf(key), ...token }), { mode: 0o600, flag: 'wx' });
        renameSync(temporary, file);
      } catch {
        quietly(() => rmSync(temporary, { force: true }));
      }
    },
    remove(key) {
      quietly(() => rmSync(fileOf(key), { force: true }));
    },
  };
}

function quietly(action: () => void): void {
  try {
    action();
  } catch {
    // The cache only saves a round trip: what it cannot do, a later mint makes up for.
  }
}
