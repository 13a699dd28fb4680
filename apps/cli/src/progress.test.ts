import { describe, expect, it } from 'vitest';
import { withProgress } from './progress.js';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream, written };
}

// Back to the line's start, and clear it.
const clear = '\\r\\u001b\\[2K';
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withProgress', () => {
  it('says nothing for work under a second, or off a terminal', async () => {
    const quick = fakeStream(true);
    expect(await withProgress('listing', Promise.resolve(1), quick.stream)).toBe(1);
    expect(quick.written).toEqual([]);
    const piped = fakeStream(false);
    await withProgress('listing', wait(1100), piped.stream);
    expect(piped.written).toEqual([]);
  });

  it('shows the elapsed time on a terminal after a second, then clears the line', async () => {
    const tty = fakeStream(true);
    await withProgress('listing PATs', wait(1600), tty.stream);
    expect(tty.written[0]).toMatch(new RegExp(`^${clear}listing PATs… [12] s$`));
    expect(tty.written.at(-1)).toBe('\r\u001b[2K');
  });

  it('reads a label function each time, for counts that grow', async () => {
    const tty = fakeStream(true);
    let read = 0;
    const timer = setInterval(() => (read += 100), 100);
    await withProgress(() => `audit: ${read} PATs read`, wait(2300), tty.stream);
    clearInterval(timer);
    const shown = tty.written.slice(0, -1);
    expect(shown.length).toBeGreaterThanOrEqual(2);
    expect(shown[0]).toMatch(new RegExp(`^${clear}audit: \\d+ PATs read… 1 s$`));
    expect(shown[0]).not.toBe(shown[1]);
  });

  it('redraws a label of several lines in place, the seconds on its first line, and clears it', async () => {
    const tty = fakeStream(true);
    await withProgress(() => '2 tenants\n  prod     4 PAT(s)\n  sandbox  working', wait(2300), tty.stream);
    const [first, second] = tty.written;
    expect(first).toBe(`\r\u001b[2K2 tenants… 1 s\n\r\u001b[2K  prod     4 PAT(s)\n\r\u001b[2K  sandbox  working`);
    // The next drawing goes up two lines first: the block stays in one place.
    expect(second?.startsWith('\u001b[2A\r\u001b[2K2 tenants… 2 s\n')).toBe(true);
    expect(tty.written.at(-1)).toBe('\u001b[2A\r\u001b[J');
  });
});
