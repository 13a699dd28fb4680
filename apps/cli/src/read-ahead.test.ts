import { describe, expect, it } from 'vitest';
import { readAhead } from './read-ahead.js';

async function* source(log: string[], count: number, failAfter?: number) {
  for (let i = 0; i < count; i++) {
    if (i === failAfter) throw new Error('cut off');
    log.push(`read ${i}`);
    yield i;
  }
  log.push('end');
}

describe('readAhead', () => {
  it('reads up to the limit ahead while the consumer is still at its first item, then one more per item taken', async () => {
    const log: string[] = [];
    const items = readAhead(source(log, 6), 3);
    const first = await items.next();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(first.value).toBe(0);
    expect(log).toEqual(['read 0', 'read 1', 'read 2', 'read 3']);
    await items.next();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(log).toEqual(['read 0', 'read 1', 'read 2', 'read 3', 'read 4']);
    const rest: number[] = [];
    for await (const item of items) rest.push(item);
    expect(rest).toEqual([2, 3, 4, 5]);
    expect(log.at(-1)).toBe('end');
  });

  it("hands out the items before the source's error, then the error", async () => {
    const seen: number[] = [];
    const error = await (async () => {
      for await (const item of readAhead(source([], 5, 3), 2)) seen.push(item);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([0, 1, 2]);
    expect((error as Error).message).toBe('cut off');
  });

  it('ends the source when the consumer stops early', async () => {
    let finished = false;
    async function* endless() {
      try {
        for (let i = 0; ; i++) {
          yield i;
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      } finally {
        finished = true;
      }
    }
    for await (const item of readAhead(endless(), 4)) if (item === 2) break;
    expect(finished).toBe(true);
  });
});
