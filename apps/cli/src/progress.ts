/**
 * Shows `label…` with the seconds elapsed on stderr while `work` runs, once
 * it has taken more than a second, and only on a terminal: pipes and CI logs
 * stay clean.
 */
export async function withProgress<T>(
  label: string,
  work: Promise<T>,
  stream: NodeJS.WriteStream = process.stderr,
): Promise<T> {
  if (!stream.isTTY) return work;
  const started = Date.now();
  let shown = false;
  const timer = setInterval(() => {
    shown = true;
    stream.write(`\r${label}… ${Math.round((Date.now() - started) / 1000)} s`);
  }, 1000);
  try {
    return await work;
  } finally {
    clearInterval(timer);
    if (shown) stream.write('\r\u001b[2K');
  }
}
