#!/usr/bin/env node
import module from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

// V8 keeps the code it compiled of patkit's modules between runs (Node.js
// 22.1+), under the user's cache home: start-up then skips compiling them.
// NODE_DISABLE_COMPILE_CACHE=1 turns it off; a cache that cannot be written
// is only slower.
try {
  const base =
    process.env.XDG_CACHE_HOME ||
    (process.platform === 'win32' && process.env.LOCALAPPDATA) ||
    join(homedir(), process.platform === 'darwin' ? 'Library/Caches' : '.cache');
  module.enableCompileCache?.(join(base, 'patkit', 'compile-cache'));
} catch {
  // No cache: patkit runs as it would without one.
}
await import('../dist/main.js');
