// Items pulled from a source ahead of their consumer, up to a limit: audit
// sees the owners of the next batches of PATs while it classifies this one,
// and looks them up meanwhile. Bounded, so that memory does not grow with
// the tenant: past the limit the list waits in the connection's buffers (the
// client's timeout runs only while it waits for the server, not for us).

/** The items of `source`, pulled up to `limit` ahead of the consumer, handed out in order; its error after the items before it. */
export async function* readAhead<T>(source: AsyncIterable<T>, limit: number): AsyncGenerator<T, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  const queue: T[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let stopped = false;
  // Whoever waits: the consumer for an item, or the pump for room.
  let wakeConsumer: (() => void) | undefined;
  let wakePump: (() => void) | undefined;
  const pump = (async () => {
    try {
      for (;;) {
        while (queue.length >= limit && !stopped)
          await new Promise<void>((resolve) => {
            wakePump = resolve;
          });
        if (stopped) break;
        const next = await iterator.next();
        if (next.done || stopped) break;
        queue.push(next.value);
        wakeConsumer?.();
      }
    } catch (error) {
      failure = { error };
    } finally {
      ended = true;
      wakeConsumer?.();
    }
  })();
  try {
    for (;;) {
      if (queue.length > 0) {
        const item = queue.shift() as T;
        wakePump?.();
        yield item;
        continue;
      }
      if (failure !== undefined) throw failure.error;
      if (ended) return;
      await new Promise<void>((resolve) => {
        wakeConsumer = resolve;
      });
      wakeConsumer = undefined;
    }
  } finally {
    // A consumer that stops early (an error of its own) ends the source too.
    if (!ended) {
      stopped = true;
      wakePump?.();
      await iterator.return?.();
    }
    await pump;
  }
}
