export interface JournalEntry {
  readonly time: string;
  readonly method: string;
  /** Path and query, with any client_secret replaced. */
  readonly path: string;
  readonly status: number;
  readonly ms: number;
  readonly clientId?: string;
}

export interface JournalFilter {
  readonly method?: string;
  readonly status?: number;
  readonly clientId?: string;
  /** Entries whose path starts with this. */
  readonly path?: string;
}

/** The last requests the server answered (a ring buffer), newest last. */
export class Journal {
  private entries: JournalEntry[] = [];
  /** Where the next entry goes once the buffer is full (then also the oldest entry). */
  private next = 0;

  constructor(private readonly capacity = 1000) {}

  record(entry: JournalEntry): void {
    if (this.entries.length < this.capacity) this.entries.push(entry);
    else {
      this.entries[this.next] = entry;
      this.next = (this.next + 1) % this.capacity;
    }
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    const ordered =
      this.next === 0 ? this.entries : [...this.entries.slice(this.next), ...this.entries.slice(0, this.next)];
    return ordered.filter(
      (e) =>
        (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
        (filter.status === undefined || e.status === filter.status) &&
        (filter.clientId === undefined || e.clientId === filter.clientId) &&
        (filter.path === undefined || e.path.startsWith(filter.path)),
    );
  }

  clear(): void {
    this.entries = [];
    this.next = 0;
  }
}

// Parameters whose values are secrets, as the token endpoint reads their names: decoded.
const secretParameters = new Set(['client_secret', 'password', 'refresh_token', 'access_token', 'code']);

function decodedName(raw: string): string {
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    return raw;
  }
}

/**
 * A request's path and query as the journal keeps it: the value of every
 * secret parameter replaced, whatever spelling its name has on the wire
 * (`client%5Fsecret` is `client_secret` to the token endpoint).
 */
export function journalPath(url: string): string {
  const at = url.indexOf('?');
  if (at === -1) return url;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((part) => {
      const equals = part.indexOf('=');
      const name = equals === -1 ? part : part.slice(0, equals);
      return secretParameters.has(decodedName(name)) ? `${name}=[redacted]` : part;
    });
  return `${url.slice(0, at)}?${query.join('&')}`;
}
