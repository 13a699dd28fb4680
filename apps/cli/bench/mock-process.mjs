// The built mock server as a process of its own (so that a benchmark's own
// process stays idle while it measures): its URL, and a way to stop it.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
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
    /** The CPU seconds it has used so far (Linux's /proc); undefined elsewhere. */
    cpuSeconds: () => cpuSecondsOf(mock.pid),
    stop: async () => {
      mock.kill('SIGTERM');
      await once(mock, 'close');
    },
  };
}

const ticksPerSecond = existsSync('/proc/self/stat')
  ? Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }))
  : 0;

/** User and system CPU seconds of a running process, from /proc/PID/stat (fields 14 and 15, after the name). */
function cpuSecondsOf(pid) {
  if (ticksPerSecond === 0) return undefined;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}
