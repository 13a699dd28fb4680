/**
 * Shows `label…` with the seconds elapsed on stderr while `work` runs, once
 * it has taken more than a second, and only on a terminal: pipes and CI logs
 * stay clean. A label function is read each second (counts as they grow).
 */
export async function withProgress<T>(
  label: string | (() => string),
  work: Promise<T>,
  stream: NodeJS.WriteStream = process.stderr,
): Promise<T> {
  if (!stream.isTTY) return work;
  const started = Date.now();
  let shown = false;
  const timer = setInterval(() => {
    shown = true;
    const text = typeof label === 'string' ? label : label();
    stream.write(`\r\u001b[2K${text}… ${Math.round((Date.now() - started) / 1000)} s`);
  }, 1000);
  try {
    return await work;
  } finally {
    clearInterval(timer);
    if (shown) stream.write('\r\u001b[2K');
  }
}
