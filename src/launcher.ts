#!/usr/bin/env node
// The bin (dist/main.js): what has to be switched on before the rest of kubegate is compiled, then kubegate.
// V8's flags come first, before anything else of the bundle is evaluated: when esbuild's module helpers and the
// early-stdio chunk ran before them, 2 MB more of the node binary's code was resident after an agent's reads
// (measured; what the flags keep out). So the build makes this file on its own (scripts/build.ts), its one import
// has none of its own, and built-ins come from process.getBuiltinModule.
import { servesStdio } from './mcp/stdio-mode.ts';

// eslint-disable-next-line no-restricted-properties -- runs before config.ts is even loaded (see each use)
const env = process.env;
if (servesStdio(env.MCP_STDIO)) favourFootprint();
// Stack traces name the src/*.ts lines: the bundle carries source maps, which only modules loaded later use.
process.setSourceMapsEnabled(true);
enableCompileCache(env);
// An agent that spawned kubegate is answered first (the recorded handshake), then the rest of kubegate loads.
const { startEarlyStdio } = await import('./mcp/early-stdio.ts');
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
  const module = process.getBuiltinModule('node:module');
  const os = process.getBuiltinModule('node:os');
  const path = process.getBuiltinModule('node:path');
  const xdg = env.XDG_CACHE_HOME;
  const cacheHome =
    xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(env.HOME || os.homedir(), '.cache');
  const user = process.getuid?.() ?? 'user';
  for (const directory of [
    path.join(cacheHome, 'kubegate'),
    path.join(os.tmpdir(), `kubegate-${String(user)}`),
  ]) {
    try {
      const { status } = module.enableCompileCache(directory);
      if (status !== module.constants.compileCacheStatus.FAILED) return;
    } catch {
      // e.g. homedir() without a passwd entry: try the next place, or start without a cache.
    }
  }
}
