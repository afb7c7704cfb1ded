#!/usr/bin/env node
// The bin (dist/main.js): what has to be switched on before the rest of kubegate is compiled, then kubegate.
// It imports nothing of kubegate statically, so every chunk of the bundle is compiled after these two calls.
import module from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';

// Stack traces name the src/*.ts lines: the bundle carries source maps, which only modules loaded later use.
process.setSourceMapsEnabled(true);
// eslint-disable-next-line no-restricted-properties -- runs before config.ts is even loaded (see each use)
const env = process.env;
enableCompileCache(env);
// An agent that spawned kubegate is answered first (the recorded handshake), then the rest of kubegate loads.
const { servesStdio, startEarlyStdio } = await import('./mcp/early-stdio.ts');
if (servesStdio(env.MCP_STDIO)) favourFootprint();
await startEarlyStdio(env.MCP_STDIO, 100);
await import('./main.ts');

/**
 * kubegate on stdio is one agent's own process, idle beside the agent most of the time, its work a few small
 * calls: V8 is told to favour a small heap over peak speed, and to keep to its interpreter and baseline compiler
 * (Ignition, Sparkplug) without the optimising ones (Maglev, TurboFan). Those compile on a second thread and
 * fault in their share of the node binary's code; for an agent's calls, spaced seconds apart, they never pay back
 * (measured with bench:peers: about 8 MB less RSS after the reads, `get pods` no slower). The HTTP service,
 * which serves many callers, keeps them. V8 consults these flags each time it decides, so setting them here, before
 * kubegate's code runs, takes effect; flags V8 reads only at start-up cannot be set this way (the HTTP service
 * gets those from NODE_OPTIONS, which the Dockerfile sets).
 */
function favourFootprint(): void {
  // getBuiltinModule, not an import: the HTTP service never loads node:v8 for this.
  process.getBuiltinModule('node:v8').setFlagsFromString('--optimize-for-size --no-opt --no-maglev');
}

/**
 * V8's compile cache keeps the bytecode of the bundle's chunks between starts. It needs a writable directory:
 * the per-user cache for an install from the tarball, else the temporary directory (a read-only image has /tmp
 * as an emptyDir). NODE_COMPILE_CACHE, when set, wins; NODE_DISABLE_COMPILE_CACHE turns it off. A cache that
 * cannot be used only costs time: it never stops kubegate from starting.
 * @see https://nodejs.org/api/module.html#module-compile-cache
 */
function enableCompileCache(env: NodeJS.ProcessEnv): void {
  const xdg = env.XDG_CACHE_HOME;
  const cacheHome = xdg !== undefined && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.cache');
  const user = process.getuid?.() ?? 'user';
  for (const directory of [join(cacheHome, 'kubegate'), join(tmpdir(), `kubegate-${String(user)}`)]) {
    try {
      const { status } = module.enableCompileCache(directory);
      if (status !== module.constants.compileCacheStatus.FAILED) return;
    } catch {
      // e.g. homedir() without a passwd entry: try the next place, or start without a cache.
    }
  }
}
