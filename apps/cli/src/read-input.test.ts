import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { patkit } from './cli.test-utils.js';
import { readInput } from './read-input.js';

describe('readInput', () => {
  it('stops reading an endless file at the limit, with one message and exit 1', async () => {
    const before = process.memoryUsage().rss;
    const { code, stderr } = await patkit(['validate', '/dev/zero']);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'patkit: /dev/zero is larger than 67108864 bytes, the most patkit reads at once\nhint: split it (NDJSON splits by lines), or check that it is the file you meant\n',
    );
    expect(process.memoryUsage().rss - before).toBeLessThan(400 * 1024 * 1024);
  });

  it('stops reading an endless standard input at the limit', async () => {
    let served = 0;
    const endless = new Readable({
      read() {
        served++;
        this.push(Buffer.alloc(64 * 1024, 0x20));
      },
    });
    const stdin = Object.getOwnPropertyDescriptor(process, 'stdin');
    Object.defineProperty(process, 'stdin', { value: endless, configurable: true });
    try {
      await expect(readInput('-', 1024 * 1024)).rejects.toThrow(/<stdin> is larger than 1048576 bytes/);
    } finally {
      if (stdin) Object.defineProperty(process, 'stdin', stdin);
    }
    // Read up to the limit and a little more, not forever.
    expect(served).toBeLessThan(40);
  });
});
