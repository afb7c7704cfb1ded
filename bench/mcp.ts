// npm run bench:mcp — MCP tool-call latency over stdio and Streamable HTTP, against the built server.
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startTestCluster } from '../test/support/cluster.ts';
import { percentile, report, timed } from './stats.ts';

const CALLS = 500;

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  return port;
}

async function measure(client: Client, name: string, args: Record<string, unknown>): Promise<number[]> {
  for (let i = 0; i < 50; i++) await client.callTool({ name, arguments: args });
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const [result, t] = await timed(() => client.callTool({ name, arguments: args }));
    if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
    samples.push(t);
  }
  return samples;
}

const cluster = await startTestCluster();
const port = await freePort();
const stdio = new StdioClientTransport({
  command: process.execPath,
  // KUBEGATE_ENTRY: another build to measure (an older checkout's dist/main.js), as in bench:peers.
  args: [process.env.KUBEGATE_ENTRY ?? new URL('../dist/main.js', import.meta.url).pathname],
  env: {
    PATH: process.env.PATH ?? '',
    KUBECONFIG: cluster.kubeconfig,
    STORE_URL: 'memory://',
    APPROVAL_PORT: String(port),
    LOG_LEVEL: 'warn',
  },
  stderr: 'ignore',
});
const overStdio = new Client({ name: 'bench', version: '1' });
await overStdio.connect(stdio);
// Ten pending proposals, so the list has something to carry.
for (let i = 0; i < 10; i++) {
  await overStdio.callTool({
    name: 'execute_kubectl',
    arguments: { command: 'kubectl scale deployment api-service --replicas=4', namespace: 'production' },
  });
}
const overHttp = new Client({ name: 'bench', version: '1' });
await overHttp.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));

const read = { command: 'kubectl get pods', namespace: 'production' };
const rows = [
  ['stdio get_pending_approvals', await measure(overStdio, 'get_pending_approvals', {}), 3],
  ['stdio execute_kubectl (read)', await measure(overStdio, 'execute_kubectl', read)],
  ['http  get_pending_approvals', await measure(overHttp, 'get_pending_approvals', {})],
  ['http  execute_kubectl (read)', await measure(overHttp, 'execute_kubectl', read)],
] as const;
await overHttp.close();
await overStdio.close();
await cluster.close();

console.log(
  `kubegate bench:mcp (built server, ${CALLS} calls each after warm-up, 10 pending proposals, API-server double)`,
);
for (const [name, samples, goal] of rows) {
  const line = report(name, samples);
  console.log(
    goal === undefined
      ? line
      : `${line}  (goal p50 ≤ ${goal} ms: ${percentile(samples, 50) <= goal ? 'met' : 'MISSED'})`,
  );
}
