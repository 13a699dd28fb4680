export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';

const order: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

export const logLevels = Object.keys(order) as LogLevel[];

export interface RequestLog {
  readonly method: string;
  /** The path without its query, which may hold a client_secret. */
  readonly path: string;
  readonly status: number;
  readonly ms: number;
  readonly clientId?: string;
}

/**
 * JSON lines on stderr, written in batches after the responses went out:
 * logging stays off the hot path. Never secrets, Authorization headers or
 * token bodies: callers pass only what is listed in RequestLog.
 */
export class Logger {
  private lines: string[] = [];
  private scheduled = false;

  constructor(
    private readonly level: LogLevel,
    private readonly sink: (text: string) => void = (text) => process.stderr.write(text),
  ) {}

  private enabled(level: LogLevel): boolean {
    return order[level] <= order[this.level];
  }

  private push(entry: object): void {
    this.lines.push(JSON.stringify({ time: new Date().toISOString(), ...entry }));
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    if (this.lines.length === 0) return;
    const text = `${this.lines.join('\n')}\n`;
    this.lines = [];
    this.sink(text);
  }

  request(entry: RequestLog): void {
    if (this.enabled('info')) this.push({ level: 'info', msg: 'request', ...entry });
  }

  info(msg: string, fields: object = {}): void {
    if (this.enabled('info')) this.push({ level: 'info', msg, ...fields });
  }

  error(msg: string, fields: object = {}): void {
    if (this.enabled('error')) this.push({ level: 'error', msg, ...fields });
  }
}
