// The built mock server as a process of its own (so that a benchmark's own
// process stays idle while it measures): its URL, and a way to stop it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export async function startMockProcess(seed) {
  const bin = join(
    dirname(createRequire(import.meta.url).resolve('@patkit/mock-server/package.json')),
    'dist/patkit-mock.js',
  );
  const mock = spawn(process.execPath, [bin, '--seed', seed, '--port', '0', '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Its first line says where it listens; the rest of what it says is read and dropped.
  const url = await new Promise((resolve, reject) => {
    let said = '';
    mock.stdout.on('data', (chunk) => {
      said += chunk;
      const listening = /listening on (\S+)/.exec(said);
      if (listening) resolve(listening[1]);
    });
    mock.on('close', () => reject(new Error(`patkit-mock stopped: ${said}`)));
  });
  return {
    url,
    stop: async () => {
      mock.kill('SIGTERM');
      await once(mock, 'close');
    },
  };
}
