import { readFileSync, rmSync, statSync } from 'node:fs';
import { linkedFile, writeFileAtomic } from '../atomic-file.js';
import { CliError, usageError } from '../cli-error.js';
import type { Destination, PatCredentials } from './destination.js';

/** The variables an env file holds the PAT in, by default the names SailPoint's SDKs read. */
export interface EnvNames {
  readonly clientId: string;
  readonly clientSecret: string;
}

export const defaultEnvNames: EnvNames = { clientId: 'SAIL_CLIENT_ID', clientSecret: 'SAIL_CLIENT_SECRET' };

const assignment = (name: string) => new RegExp(`^(\\s*(?:export\\s+)?${name}\\s*=\\s*)(.*?)(\\r?)$`);

/** A value as the line had it: quotes, if it had them, are kept. */
function quoted(value: string, like: string): string {
  const quote = like.startsWith('"') ? '"' : like.startsWith("'") ? "'" : '';
  if (quote !== '' || /^[A-Za-z0-9._~+/=-]*$/.test(value)) return `${quote}${value}${quote}`;
  return JSON.stringify(value);
}

/** Whether a value that opens with a quote closes it on the same line (else it goes on over the next lines). */
function closes(value: string): boolean {
  const quote = value[0];
  if (quote !== '"' && quote !== "'") return true;
  for (let at = 1; at < value.length; at++) {
    if (quote === '"' && value[at] === '\\') at++;
    else if (value[at] === quote) return true;
  }
  return false;
}

/** The index of the line that closes a quoted value opened on line `from`, or the last line. */
function lastLineOf(lines: readonly string[], from: number, quote: string): number {
  for (let at = from + 1; at < lines.length; at++) {
    const line = (lines[at] as string).replace(/\r$/, '');
    for (let i = 0; i < line.length; i++) {
      if (quote === '"' && line[i] === '\\') i++;
      else if (line[i] === quote) return at;
    }
  }
  return lines.length - 1;
}

function unquoted(value: string): string {
  const trimmed = value.trim();
  const match = /^(["'])([\s\S]*)\1$/.exec(trimmed);
  return match ? (match[2] as string) : trimmed.replace(/\s+#.*$/, '');
}

/**
 * The text with each name's assignments set to its value (a name no line
 * has is added at the end); a quoted value over several lines is replaced
 * whole; every other line as it was, byte for byte when the text is read as
 * Latin-1 (each byte one character).
 */
export function setEnvLines(text: string, values: Readonly<Record<string, string>>): string {
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text === '' ? [] : text.split('\n');
  const trailing = lines.at(-1) === '';
  if (trailing) lines.pop();
  for (const [name, value] of Object.entries(values)) {
    const pattern = assignment(name);
    let found = false;
    for (let at = 0; at < lines.length; at++) {
      const match = pattern.exec(lines[at] as string);
      if (match === null) continue;
      found = true;
      const old = match[2] as string;
      let end = match[3] as string;
      if (!closes(old)) {
        const last = lastLineOf(lines, at, old[0] as string);
        end = (lines[last] as string).endsWith('\r') ? '\r' : '';
        lines.splice(at + 1, last - at);
      }
      lines[at] = `${match[1]}${quoted(value, old)}${end}`;
    }
    if (!found) lines.push(`${name}=${quoted(value, '')}${newline === '\r\n' ? '\r' : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The value the last assignment of `name` gives it (a quoted value may go on over several lines). */
export function envValue(text: string, name: string): string | undefined {
  const lines = text.split('\n');
  const pattern = assignment(name);
  let value: string | undefined;
  for (let at = 0; at < lines.length; at++) {
    const match = pattern.exec(lines[at] as string);
    if (match === null) continue;
    const first = match[2] as string;
    if (closes(first)) value = unquoted(first);
    else {
      const last = lastLineOf(lines, at, first[0] as string);
      value = unquoted([first, ...lines.slice(at + 1, last + 1).map((line) => line.replace(/\r$/, ''))].join('\n'));
      at = last;
    }
  }
  return value;
}

interface EnvFile {
  /** The file's bytes, each one character (Latin-1): lines patkit does not own are written back as they were. */
  readonly text: string;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

/**
 * --dotenv FILE: replaces the lines that assign the client id and secret
 * (adding them when missing), keeps every other byte, and renames a whole
 * new file over the old, with the old one's owner, group and mode (0600 for
 * a new one). A symbolic link stays a link: the file it points at is the one
 * rewritten. A file others can read gets a warning: the secret will be in it.
 */
export function envFileDestination(
  path: string,
  names: EnvNames = defaultEnvNames,
  warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Destination {
  let before: EnvFile | null | undefined;
  const unreadable = (error: unknown) =>
    new CliError('destination_unreadable', `--dotenv ${path} cannot be read: ${(error as Error).message}`, {
      hint: 'give a file you can read; nothing was changed',
    });
  /** The file written: the path, or what its link points at. */
  const target = (): string => linkedFile(path, `--dotenv ${path}`);
  const read = (): EnvFile | null => {
    const file = target();
    try {
      const stats = statSync(file);
      return { text: readFileSync(file).toString('latin1'), mode: stats.mode & 0o777, uid: stats.uid, gid: stats.gid };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw unreadable(error);
    }
  };
  const write = (file: EnvFile) =>
    writeFileAtomic(target(), Buffer.from(file.text, 'latin1'), {
      mode: file.mode,
      owner: { uid: file.uid, gid: file.gid },
    });
  const check = async () => {
    const found = read();
    const uid = process.getuid?.();
    // Only root can give a file back to another owner: anyone else would leave it theirs.
    if (found !== null && uid !== undefined && uid !== 0 && found.uid !== uid)
      throw new CliError(
        'destination_unusable',
        `--dotenv ${target()} belongs to user ${found.uid}, and patkit runs as ${uid}: the new file would be ${uid}'s`,
        { hint: `run patkit as user ${found.uid} (or as root, which keeps the owner); nothing was changed` },
      );
    if (found !== null && (found.mode & 0o044) !== 0)
      warn(
        `patkit: warning: --dotenv ${path} can be read by ${(found.mode & 0o004) !== 0 ? 'every user' : 'its group'} (mode ${found.mode.toString(8).padStart(4, '0')}), and the new secret will be in it; chmod 600 ${path} if only its owner should read it`,
      );
  };
  return {
    label: `env file ${path}`,
    // A link is compared by what it points at (sameFile follows it).
    files: [path],
    check,
    async prepare() {
      await check();
      before = read();
      // Written now as it is, so that a file that cannot be written stops the rotation before it starts.
      try {
        if (before !== null) write(before);
      } catch (error) {
        throw new CliError(
          'destination_unwritable',
          `--dotenv ${path} cannot be written: ${(error as Error).message}`,
          {
            hint: 'give a file in a folder you can write; nothing was changed',
          },
        );
      }
    },
    async held() {
      const now = read();
      if (now === null) return undefined;
      const clientId = envValue(now.text, names.clientId);
      const clientSecret = envValue(now.text, names.clientSecret);
      return {
        ...(clientId === undefined ? {} : { clientId }),
        ...(clientSecret === undefined ? {} : { clientSecret }),
      };
    },
    async deliver(next: PatCredentials) {
      const now = read();
      const text = setEnvLines(now?.text ?? '', {
        [names.clientId]: next.clientId,
        [names.clientSecret]: next.clientSecret,
      });
      const uid = process.getuid?.() ?? 0;
      const gid = process.getgid?.() ?? 0;
      write({ text, mode: now?.mode ?? 0o600, uid: now?.uid ?? uid, gid: now?.gid ?? gid });
    },
    async undo() {
      if (before === undefined) return;
      if (before === null) rmSync(target(), { force: true });
      else write(before);
    },
    commit() {},
  };
}

/** `--dotenv-names ID,SECRET`: the two variable names. */
export function parseEnvNames(text: string): EnvNames {
  const [clientId, clientSecret, ...rest] = text.split(',').map((name) => name.trim());
  const valid = (name: string | undefined): name is string =>
    name !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
  if (!valid(clientId) || !valid(clientSecret) || rest.length > 0 || clientId === clientSecret)
    throw usageError(
      `--dotenv-names takes two variable names, ID,SECRET; got ${JSON.stringify(text)}`,
      '--dotenv-names ISC_CLIENT_ID,ISC_CLIENT_SECRET',
    );
  return { clientId, clientSecret };
}
