// A response read as fast as it arrives, whatever its consumer awaits in
// between: audit looks owners up while the PAT list streams, and a list
// whose reading stalls behind those look-ups is one a server or proxy may
// cut off. What is read waits in memory (at most the list itself).

/** The items of `source`, pulled eagerly, handed out in order; its error after the items before it. */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  const queue: T[] = [];
  let head = 0;
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  let stopped = false;
  const pump = (async () => {
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done || stopped) break;
        queue.push(next.value);
        wake?.();
      }
    } catch (error) {
      failure = { error };
    } finally {
      ended = true;
      wake?.();
    }
  })();
  try {
    for (;;) {
      if (head < queue.length) {
        const item = queue[head] as T;
        queue[head++] = undefined as T;
        // Drop what was handed out, now and then, so the queue does not keep it.
        if (head > 1024 && head * 2 > queue.length) {
          queue.splice(0, head);
          head = 0;
        }
        yield item;
        continue;
      }
      if (failure !== undefined) throw failure.error;
      if (ended) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    // A consumer that stops early (an error of its own) ends the source too.
    if (!ended) {
      stopped = true;
      await iterator.return?.();
    }
    await pump;
  }
}
