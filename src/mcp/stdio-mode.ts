// No imports, not even Node's built-ins (process.getBuiltinModule instead): the launcher asks this before any
// other module of the bundle is evaluated (see src/launcher.ts).

/** An agent that spawns kubegate talks over a pipe; a person has a terminal; a container has /dev/null. */
function stdinIsPipe(): boolean {
  try {
    const stat = process.getBuiltinModule('node:fs').fstatSync(0);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}

/** Whether MCP runs on stdio: `MCP_STDIO=on`, or `auto` (the default) with stdin a pipe. */
export function servesStdio(mode: string | undefined): boolean {
  return mode === 'on' || ((mode ?? 'auto') === 'auto' && stdinIsPipe());
}
