import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}

export type KubegateProcess = {
  readonly url: string;
  readonly child: ChildProcess;
  readonly stderr: string[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
};

/**
 * kubegate as its own process, the way replicas and crashes are tested: `node src/main.ts`, or `entry` (the bundle,
 * dist/main.js, for benchmarks that measure what the image runs).
 */
export async function startKubegateProcess(
  env: Record<string, string>,
  { entry = 'src/main.ts' }: { entry?: string } = {},
): Promise<KubegateProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [entry], {
    env: {
      PATH: process.env.PATH ?? '',
      MCP_STDIO: 'off',
      LOG_LEVEL: 'info',
      ...env,
      APPROVAL_PORT: String(port),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = once(child, 'exit');
  for (;;) {
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (child.exitCode !== null) throw new Error(`kubegate exited during start-up:\n${stderr.join('')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    url,
    child,
    stderr,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}
