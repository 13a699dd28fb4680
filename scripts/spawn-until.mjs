// Starts a command and waits until its output (stdout and stderr) matches a
// pattern — a server saying it listens — or it exits, whichever comes first.
// The command runs in its own process group, so stop() also stops what it
// started (npx, sh -c). Used by the release rehearsal, the artifact tests and
// the mock server's start-up bench.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export function spawnUntil(command, args, { pattern, timeoutMs = 60_000, ...options }) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...options });
  let output = '';
  // 'close', not 'exit': all output has been read by then.
  const exited = new Promise((resolve) => child.once('close', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(
        new Error(`${command} ${args.join(' ')}: neither ${pattern} nor an exit in ${timeoutMs / 1000} s:\n${output}`),
      );
    }, timeoutMs);
    const result = (match, code) => ({ match, code, output: () => output, stop, exited });
    const read = (chunk) => {
      output += chunk;
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(result(match, null));
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    exited.then((code) => {
      clearTimeout(timer);
      resolve(result(null, code));
    });
  });
}

/**
 * A README line as a test runs it: a mock server it starts listens on a free
 * port (`--port 0`), never a fixed one that npm start's demo (7100) or
 * anything else may hold.
 */
export function onFreePort(line) {
  if (/--port \d+/.test(line)) return line.replace(/--port \d+/, '--port 0');
  const startsMock =
    /^(patkit-mock|npx (--yes )?@patkit\/mock-server|pnpm --filter @patkit\/mock-server start)(\s|$)/.test(line) &&
    !/--(version|help)$/.test(line);
  return startsMock ? `${line} --port 0` : line;
}

/** A port free on 127.0.0.1 now, for a server that cannot be given port 0. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
