import { describe, expect, it } from 'vitest';
import { ClientError } from './client-error.js';
import { iscRateLimit, RatePacer, sharedPacer } from './rate-pacer.js';
import type { Timing } from './transport.js';

/** A clock that moves only when every task waits on a timer: then to the earliest. */
function virtualTime() {
  let now = 0;
  const timers: { at: number; wake: () => void }[] = [];
  const timing: Timing = {
    now: () => now,
    random: () => 1,
    sleep: (ms) =>
      new Promise((wake) => {
        timers.push({ at: now + ms, wake });
      }),
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  /** Runs the timers in order until `work` is done. */
  async function run<T>(work: Promise<T>): Promise<T> {
    let finished = false;
    const result = work.finally(() => {
      finished = true;
    });
    for (;;) {
      await settle();
      if (finished) return result;
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift();
      if (next === undefined) throw new Error('nothing to wait for, and the work is not done');
      now = Math.max(now, next.at);
      next.wake();
    }
  }
  return { timing, run };
}

/**
 * 250 requests of one key at once, each answered after its own latency, and
 * when the gateway counted each: its arrival, somewhere between its sending
 * and its answer (later for some, so that arrivals come out of order).
 */
async function requests(pacer: RatePacer | undefined) {
  const { timing, run } = virtualTime();
  const sent: number[] = [];
  const arrived: number[] = [];
  const answered: number[] = [];
  await run(
    Promise.all(
      Array.from({ length: 250 }, async (_, i) => {
        const done = await pacer?.take('key', timing);
        const latency = 50 + ((i * 37) % 500);
        sent[i] = timing.now();
        arrived[i] = timing.now() + (latency * ((i * 13) % 10)) / 10;
        await timing.sleep(latency);
        answered[i] = timing.now();
        done?.();
      }),
    ),
  );
  return { sent, arrived, answered };
}

/** The most arrivals any window of `ms` holds. */
function busiestWindow(arrivals: readonly number[], ms: number): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while ((sorted[last] as number) - (sorted[first] as number) >= ms) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

describe('RatePacer', () => {
  it('keeps every window of the gateway at 100 requests per 10 s, whatever the latency or order', async () => {
    // Unpaced, the gateway counts all 250 in one window.
    expect(busiestWindow((await requests(undefined)).arrived, 10_000)).toBe(250);
    const { sent, arrived, answered } = await requests(new RatePacer(iscRateLimit));
    expect(busiestWindow(arrived, 10_000)).toBe(100);
    // The first 100 go at once; each later one 10 s after the one 100 before it, and all before that, were answered.
    expect(sent.slice(0, 100).every((at) => at === 0)).toBe(true);
    for (let i = 100; i < 250; i++)
      expect(sent[i]).toBeGreaterThanOrEqual(Math.max(...answered.slice(0, i - 99)) + 10_000);
    // And not later than that: three windows and the latencies, not more.
    expect(Math.max(...answered)).toBeLessThan(2 * 10_000 + 3 * 550);
  });

  it('paces each key apart', async () => {
    const { timing, run } = virtualTime();
    const pacer = new RatePacer({ requests: 1, perSeconds: 10 });
    const first = await run(pacer.take('a', timing));
    first();
    const other = await run(pacer.take('b', timing));
    expect(timing.now()).toBe(0);
    other();
    await run(pacer.take('a', timing));
    expect(timing.now()).toBe(10_000);
  });

  it('waits for a request still out, and stops waiting when aborted', async () => {
    const { timing, run } = virtualTime();
    const pacer = new RatePacer({ requests: 1, perSeconds: 10 });
    await run(pacer.take('a', timing));
    const abort = new AbortController();
    const waiting = pacer.take('a', timing, abort.signal);
    abort.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    // The aborted one was never sent: only the first, still out, holds the next back.
    const third = pacer.take('a', timing);
    let taken = false;
    void third.then(() => {
      taken = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(taken).toBe(false);
  });

  it('is one per limit for the whole process, none for false, and refuses a limit that is none', () => {
    expect(sharedPacer({ requests: 100, perSeconds: 10 })).toBe(sharedPacer(iscRateLimit));
    expect(sharedPacer({ requests: 50, perSeconds: 10 })).not.toBe(sharedPacer(iscRateLimit));
    expect(sharedPacer(false)).toBeUndefined();
    for (const limit of [
      { requests: 0, perSeconds: 10 },
      { requests: 1.5, perSeconds: 10 },
      { requests: 10, perSeconds: 0 },
    ])
      expect(() => sharedPacer(limit)).toThrow(ClientError);
  });
});
