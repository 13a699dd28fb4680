/**
 * Shows `label…` with the seconds elapsed on stderr while `work` runs, once
 * it has taken more than a second, and only on a terminal: pipes and CI logs
 * stay clean. A label function is read each second (counts as they grow).
 * A label of several lines (a line per tenant) is redrawn in place, the
 * seconds on its first line.
 */
export async function withProgress<T>(
  label: string | (() => string),
  work: Promise<T>,
  stream: NodeJS.WriteStream = process.stderr,
): Promise<T> {
  if (!stream.isTTY) return work;
  const started = Date.now();
  // Lines drawn last time: the cursor is on the last of them.
  let drawn = 0;
  const up = () => (drawn > 1 ? `\u001b[${drawn - 1}A` : '');
  const timer = setInterval(() => {
    const [first, ...rest] = (typeof label === 'string' ? label : label()).split('\n');
    const lines = [`${first}… ${Math.round((Date.now() - started) / 1000)} s`, ...rest];
    stream.write(`${up()}${lines.map((line) => `\r\u001b[2K${line}`).join('\n')}`);
    drawn = lines.length;
  }, 1000);
  try {
    return await work;
  } finally {
    clearInterval(timer);
    if (drawn === 1) stream.write('\r\u001b[2K');
    // Back to the first line, and clear to the end of the screen.
    else if (drawn > 1) stream.write(`${up()}\r\u001b[J`);
  }
}
