import { describe, expect, it } from 'vitest';
import { terminalScreen } from '../../../scripts/terminal-screen.mjs';
import { inProgressLine, withProgress } from './progress.js';

/** A stream to a terminal (or not) that keeps what is written; `written` may be shared by several (one terminal). */
function fakeStream(isTTY: boolean, written: string[] = [], columns?: number, rows?: number) {
  const write = (text: string | Uint8Array) => {
    written.push(typeof text === 'string' ? text : Buffer.from(text).toString());
    return true;
  };
  return { stream: { isTTY, columns, rows, write } as unknown as NodeJS.WriteStream, written, write };
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

  it('writes what else is written to the terminal above the drawing, which ends erased', async () => {
    const written: string[] = [];
    const tty = fakeStream(true, written);
    const stdout = fakeStream(true, written);
    let seen: string[] = [];
    const work = (async () => {
      await wait(1300);
      tty.stream.write('patkit: tenant b: refused\n');
      stdout.stream.write(Buffer.from('{"tenant":"a"}\n'));
      seen = terminalScreen(written.join(''));
      await wait(1000);
    })();
    await withProgress(() => '2 tenants\n  a  working\n  b  failed', work, tty.stream, [stdout.stream]);
    // Meanwhile: the lines written, then the drawing below them, whole.
    expect(seen).toEqual([
      'patkit: tenant b: refused',
      '{"tenant":"a"}',
      '2 tenants… 1 s',
      '  a  working',
      '  b  failed',
    ]);
    // At the end: what was written, and nothing of the drawing.
    expect(terminalScreen(written.join(''))).toEqual(['patkit: tenant b: refused', '{"tenant":"a"}']);
    // The streams write as they did before.
    expect(tty.stream.write).toBe(tty.write);
    expect(stdout.stream.write).toBe(stdout.write);
  });

  it('draws nothing while a line written is unfinished (a prompt), and again once it ends', async () => {
    const tty = fakeStream(true);
    const work = (async () => {
      await wait(1100);
      tty.stream.write('Delete? ');
      const asked = tty.written.length;
      await wait(1100);
      // The tick meanwhile drew nothing.
      expect(tty.written.length).toBe(asked);
      expect(terminalScreen(tty.written.join(''))).toEqual(['Delete?']);
      tty.stream.write('y\n');
    })();
    await withProgress('working', work, tty.stream, []);
    // Once the line ended, the drawing came back below it (and was erased at the end).
    expect(tty.written.at(-2)).toMatch(/working… 2 s$/);
    expect(terminalScreen(tty.written.join(''))).toEqual(['Delete? y']);
  });

  it('cuts drawn lines to the width of the terminal, so that none wraps', async () => {
    const tty = fakeStream(true, [], 20);
    await withProgress('2 tenants\n  production  auditing: 10,000 PAT(s) audited', wait(1300), tty.stream, []);
    const drawn = (tty.written[0] ?? '').split('\n').map((line) => line.replace('\r\u001b[2K', ''));
    expect(drawn).toEqual(['2 tenants… 1 s', '  production  audi…']);
  });

  it('cuts a drawing taller than the terminal, which could not go back up to its first line', async () => {
    const tty = fakeStream(true, [], undefined, 5);
    const tenants = Array.from({ length: 9 }, (_, i) => `  t${i}  working`);
    let seen: string[] = [];
    const work = (async () => {
      await wait(2100);
      seen = terminalScreen(tty.written.join(''), 5);
    })();
    await withProgress(['9 tenants', ...tenants].join('\n'), work, tty.stream, []);
    // Drawn twice in place, in 4 lines: no copy of it scrolled away, none left behind.
    expect(seen).toEqual(['9 tenants… 2 s', '  t0  working', '  t1  working', '…']);
    expect(terminalScreen(tty.written.join(''), 5)).toEqual([]);
  });

  it("shows a progress within another in its tenant's line, never as a drawing of its own", async () => {
    const tty = fakeStream(true);
    const lines = new Map<string, string>();
    const line = (name: string) => (label: string | (() => string) | undefined) => {
      if (label === undefined) lines.delete(name);
      else lines.set(name, typeof label === 'string' ? label : label());
    };
    const seen: string[] = [];
    const tenant = (name: string, ms: number) =>
      inProgressLine(line(name), () =>
        withProgress(
          () => `listing: ${name}`,
          (async () => {
            await wait(ms);
            seen.push(...lines.values());
          })(),
          tty.stream,
          [],
        ),
      );
    // As acrossTenants starts them: after the drawing has started. Outside any tenant's line, a progress within it is not drawn either.
    const all = (async () => {
      await null;
      return Promise.all([tenant('a', 1200), tenant('b', 2300), withProgress('loose', wait(1200), tty.stream, [])]);
    })();
    await withProgress(
      () => ['2 tenants', ...['a', 'b'].map((name) => `  ${name}  ${lines.get(name) ?? 'done'}`)].join('\n'),
      all,
      tty.stream,
      [],
    );
    expect(seen).toContain('listing: a');
    expect(seen).toContain('listing: b');
    const output = tty.written.join('');
    expect(output).toContain('  b  listing: b');
    expect(output).toContain('  a  done');
    expect(output).not.toContain('loose');
    expect(output).not.toMatch(/listing: [ab]… /);
    expect(terminalScreen(output)).toEqual([]);
  });
});
