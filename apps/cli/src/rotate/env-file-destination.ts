import { readFileSync, rmSync, statSync } from 'node:fs';
import { writeFileAtomic } from '../atomic-file.js';
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

function unquoted(value: string): string {
  const trimmed = value.trim();
  const match = /^(["'])(.*)\1$/.exec(trimmed);
  return match ? (match[2] as string) : trimmed.replace(/\s+#.*$/, '');
}

/** The text with each name's lines set to its value (a name no line has is added at the end); every other line as it was. */
export function setEnvLines(text: string, values: Readonly<Record<string, string>>): string {
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text === '' ? [] : text.split('\n');
  const trailing = lines.at(-1) === '';
  if (trailing) lines.pop();
  for (const [name, value] of Object.entries(values)) {
    const pattern = assignment(name);
    let found = false;
    for (const [at, line] of lines.entries()) {
      const match = pattern.exec(line);
      if (match === null) continue;
      found = true;
      lines[at] = `${match[1]}${quoted(value, match[2] as string)}${match[3]}`;
    }
    if (!found) lines.push(`${name}=${quoted(value, '')}${newline === '\r\n' ? '\r' : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The value the last line assigning `name` gives it. */
export function envValue(text: string, name: string): string | undefined {
  let value: string | undefined;
  for (const line of text.split('\n')) {
    const match = assignment(name).exec(line);
    if (match !== null) value = unquoted(match[2] as string);
  }
  return value;
}

/**
 * --dotenv FILE: replaces the lines that assign the client id and secret
 * (adding them when missing), keeps every other line and comment, and
 * renames a whole new file over the old (its mode kept; 0600 for a new one).
 */
export function envFileDestination(path: string, names: EnvNames = defaultEnvNames): Destination {
  let before: { text: string; mode: number } | null | undefined;
  const read = (): { text: string; mode: number } | null => {
    try {
      return { text: readFileSync(path, 'utf8'), mode: statSync(path).mode & 0o777 };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new CliError('destination_unreadable', `--dotenv ${path} cannot be read: ${(error as Error).message}`);
    }
  };
  return {
    label: `env file ${path}`,
    async prepare() {
      before = read();
      // Written now as it is, so that a file that cannot be written stops the rotation before it starts.
      try {
        if (before !== null) writeFileAtomic(path, before.text, before.mode);
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
      writeFileAtomic(path, text, now?.mode ?? 0o600);
    },
    async undo() {
      if (before === undefined) return;
      if (before === null) rmSync(path, { force: true });
      else writeFileAtomic(path, before.text, before.mode);
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
