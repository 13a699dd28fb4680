// What a command shows on a terminal while it works, on stderr: a line, or
// a line per tenant. While it is drawn, it owns the terminal: whatever else
// is written there (a tenant's failure, a warning, output to the same
// terminal) goes above it, and work that would draw a progress of its own
// shows its label in its tenant's line instead.
import { AsyncLocalStorage } from 'node:async_hooks';

export type ProgressLabel = string | (() => string);

/** Where work shows its label while another progress is drawn: its tenant's line (undefined: back to the tenant's state). */
type LineOf = (label: ProgressLabel | undefined) => void;

const lineOf = new AsyncLocalStorage<LineOf>();
/** The streams a progress is drawn on now. */
const drawing = new Set<NodeJS.WriteStream>();

/** Runs `work` with its line of the progress drawn: a withProgress within it shows its label there. */
export function inProgressLine<T>(show: LineOf, work: () => Promise<T>): Promise<T> {
  return lineOf.run(show, work);
}

/** A label's text now. */
export function labelText(label: ProgressLabel): string {
  return typeof label === 'string' ? label : label();
}

/** Whether what was written ends a line: the next drawing starts on a line of its own. */
function endsLine(chunk: unknown): boolean {
  if (typeof chunk === 'string') return chunk.endsWith('\n');
  return chunk instanceof Uint8Array && chunk.length > 0 ? chunk[chunk.length - 1] === 10 : true;
}

/**
 * Shows `label…` with the seconds elapsed on stderr while `work` runs, once
 * it has taken more than a second, and only on a terminal: pipes and CI logs
 * stay clean. A label function is read each second (counts as they grow).
 * A label of several lines (a line per tenant) is redrawn in place, the
 * seconds on its first line. `terminal`: the other streams that may write
 * to the same terminal (stdout).
 */
export async function withProgress<T>(
  label: ProgressLabel,
  work: Promise<T>,
  stream: NodeJS.WriteStream = process.stderr,
  terminal: readonly NodeJS.WriteStream[] = [process.stdout],
): Promise<T> {
  if (!stream.isTTY) return work;
  if (drawing.has(stream)) {
    // Never a second drawing: the label goes in this work's line of the one drawn, if it has one.
    const show = lineOf.getStore();
    if (show === undefined) return work;
    show(label);
    try {
      return await work;
    } finally {
      show(undefined);
    }
  }
  drawing.add(stream);
  const started = Date.now();
  const own = stream.write;
  const put = (text: string) => Reflect.apply(own, stream, [text]);
  // Lines drawn: the cursor is on the last of them.
  let drawn = 0;
  let shown = false;
  // Something written left its line unfinished (a prompt): no drawing until a line ends.
  let midLine = false;
  const up = () => (drawn > 1 ? `\u001b[${drawn - 1}A` : '');
  const draw = () => {
    if (!shown || midLine) return;
    const [first, ...rest] = labelText(label).split('\n');
    const lines = [`${first}… ${Math.round((Date.now() - started) / 1000)} s`, ...rest];
    // Taller than the terminal, the drawing could not go back up to its first line: the rest is cut.
    const height = stream.rows > 1 ? stream.rows - 1 : Number.POSITIVE_INFINITY;
    if (lines.length > height) lines.splice(Math.max(1, height - 1), lines.length, ...(height > 1 ? ['…'] : []));
    // A line that wrapped would put the next drawing off by a line: each is cut to the terminal's width.
    const width = stream.columns > 1 ? stream.columns - 1 : Number.POSITIVE_INFINITY;
    put(
      `${up()}${lines.map((line) => `\r\u001b[2K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`).join('\n')}`,
    );
    drawn = lines.length;
  };
  const erase = () => {
    if (drawn === 1) put('\r\u001b[2K');
    // Back to the first line, and clear to the end of the screen.
    else if (drawn > 1) put(`${up()}\r\u001b[J`);
    drawn = 0;
  };
  // Writes by anything else to this terminal: the drawing is erased first and drawn again below them.
  const restores = [stream, ...terminal.filter((other) => other !== stream && other.isTTY)].map((target) => {
    const hadOwn = Object.hasOwn(target, 'write');
    const write = target.write;
    target.write = ((...args: unknown[]) => {
      erase();
      const result = Reflect.apply(write, target, args) as boolean;
      midLine = !endsLine(args[0]);
      draw();
      return result;
    }) as typeof target.write;
    return () => {
      if (hadOwn) target.write = write;
      else Reflect.deleteProperty(target, 'write');
    };
  });
  const timer = setInterval(() => {
    shown = true;
    draw();
  }, 1000);
  try {
    return await work;
  } finally {
    clearInterval(timer);
    erase();
    for (const restore of restores) restore();
    drawing.delete(stream);
  }
}
