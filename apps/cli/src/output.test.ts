import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { stdoutReady } from './output.js';

/** A stream that takes a byte at a time and writes only when `release` is called. */
function slowStream() {
  const pending: (() => void)[] = [];
  const stream = new Writable({
    highWaterMark: 1,
    write(_chunk, _encoding, callback) {
      pending.push(callback);
    },
  });
  const release = () => {
    for (const callback of pending.splice(0)) callback();
  };
  return { stream, release };
}

describe('stdoutReady', () => {
  it('is undefined while the stream takes more', () => {
    expect(stdoutReady(slowStream().stream)).toBeUndefined();
  });

  it('waits for the reader: resolves once what waits is written', async () => {
    const { stream, release } = slowStream();
    expect(stream.write('ab')).toBe(false);
    let ready = false;
    void stdoutReady(stream)?.then(() => {
      ready = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(ready).toBe(false);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(ready).toBe(true);
    expect(stream.listenerCount('drain')).toBe(0);
  });

  it('resolves when the stream is gone rather than waiting for ever', async () => {
    const { stream } = slowStream();
    stream.write('ab');
    const waiting = stdoutReady(stream);
    expect(waiting).toBeInstanceOf(Promise);
    stream.destroy();
    await expect(waiting).resolves.toBeUndefined();
    expect(stream.listenerCount('close')).toBe(0);
  });
});

describe('stdoutReady, many waiting', () => {
  it('gives every waiter one promise: one listener on the stream, however many tenants wait', () => {
    const { stream } = slowStream();
    stream.write('ab');
    const waits = Array.from({ length: 50 }, () => stdoutReady(stream));
    expect(new Set(waits).size).toBe(1);
    expect(stream.listenerCount('drain')).toBe(1);
  });
});
