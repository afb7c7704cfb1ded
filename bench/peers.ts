// npm run bench:peers — kubegate beside two other Kubernetes MCP servers, side by side in one run.
//
// The peers are devDependencies (nothing is installed at run time):
// - the Go peer, containers/kubernetes-mcp-server (npm `kubernetes-mcp-server`): its platform binary, launched
//   directly from its optional platform package rather than through npm's node wrapper;
// - the TypeScript peer, `mcp-server-kubernetes`, which spawns kubectl (/usr/bin/kubectl) for every call.
// All three speak MCP over stdio to the SDK's own Client and read the same HTTP API-server double
// (test/support/cluster.ts). Spawns and calls are interleaved, taking every order of the peers in turn, so a busy
// machine slows each server alike; the figures that count are the RATIOS against the Go peer.
//
// Then kubegate alone as the HTTP service (MCP_STDIO=off, as in the image): start → /healthz answered, and the
// resident memory once it has settled.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startTestCluster } from '../test/support/cluster.ts';
import { freePort } from '../test/support/processes.ts';
import { percentile } from './stats.ts';
import { IMAGE_NODE_OPTIONS } from './image.ts';

const CONNECTS = Number(process.env.PEERS_CONNECTS ?? 7);
const WARMUP = 3;
const CALLS = Number(process.env.PEERS_CALLS ?? 30);
const HTTP_STARTS = Number(process.env.PEERS_HTTP_STARTS ?? 7);
// client-go, in the Go peer, throttles its own requests (5 per second, bursts of 10): rounds of calls are paced
// so that the limiter never decides the figure.
const PACE_MS = Number(process.env.PEERS_PACE_MS ?? 300);
const NAMESPACE = 'production';
const POD = 'api-service-7b4f9d-x2k4q';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
// KUBEGATE_ENTRY: another build of kubegate to measure (an older checkout's dist/main.js, for a before/after).
const kubegateEntry = process.env.KUBEGATE_ENTRY ?? join(root, 'dist', 'main.js');
if (!existsSync(kubegateEntry)) throw new Error('dist/main.js is missing: run `npm run build` first');

/** The Go binary itself, from the optional dependency that npm installed for this platform. */
function goPeerBinary(): string {
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch as string];
  const os = { linux: 'linux', darwin: 'darwin', win32: 'windows' }[process.platform as string];
  if (arch === undefined || os === undefined)
    throw new Error(`no Go peer binary for ${process.platform}/${process.arch}`);
  const name = `kubernetes-mcp-server-${os}-${arch}`;
  return require.resolve(`${name}/bin/${name}${os === 'windows' ? '.exe' : ''}`);
}

type Peer = {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Record<string, string>;
  /** The `get pods -n production` call in this server's own tool vocabulary. */
  readonly getPods: { name: string; arguments: Record<string, unknown> };
};

const cluster = await startTestCluster();
const scratch = mkdtempSync(join(tmpdir(), 'kubegate-peers-'));
const base = { PATH: process.env.PATH ?? '', HOME: scratch, KUBECONFIG: cluster.kubeconfig };

const peers: readonly Peer[] = [
  {
    name: 'kubegate',
    command: process.execPath,
    args: [kubegateEntry],
    // The defaults an agent's MCP client gets (SQLite in the per-user data directory), quieter logs.
    env: {
      ...base,
      XDG_DATA_HOME: join(scratch, 'data'),
      XDG_CACHE_HOME: join(scratch, 'cache'),
      LOG_LEVEL: 'warn',
    },
    getPods: { name: 'execute_kubectl', arguments: { command: 'kubectl get pods', namespace: NAMESPACE } },
  },
  {
    name: 'Go peer',
    command: goPeerBinary(),
    args: [],
    env: base,
    getPods: { name: 'pods_list_in_namespace', arguments: { namespace: NAMESPACE } },
  },
  {
    name: 'TS peer',
    command: process.execPath,
    args: [require.resolve('mcp-server-kubernetes/dist/index.js')],
    env: base,
    // Its default output (json); it runs `kubectl get pods -n production -o json` for every call.
    getPods: { name: 'kubectl_get', arguments: { resourceType: 'pods', namespace: NAMESPACE } },
  },
];

type Session = { client: Client; transport: StdioClientTransport };

async function connect(peer: Peer): Promise<[Session, number]> {
  const portEnv = peer.name === 'kubegate' ? { APPROVAL_PORT: String(await freePort()) } : {};
  const transport = new StdioClientTransport({
    command: peer.command,
    args: [...peer.args],
    env: { ...peer.env, ...portEnv },
    cwd: scratch,
    stderr: 'ignore',
  });
  const client = new Client({ name: 'bench-peers', version: '1.0.0' });
  const start = performance.now();
  await client.connect(transport); // spawn → initialize answered (and `initialized` sent)
  const elapsed = performance.now() - start;
  const { tools } = await client.listTools();
  if (!tools.some((t) => t.name === peer.getPods.name))
    throw new Error(`${peer.name} has no ${peer.getPods.name} tool`);
  return [{ client, transport }, elapsed];
}

async function getPods(peer: Peer, session: Session): Promise<number> {
  const start = performance.now();
  const result = await session.client.callTool(peer.getPods);
  const elapsed = performance.now() - start;
  const text = JSON.stringify(result.content);
  if (result.isError === true || !text.includes(POD))
    throw new Error(`${peer.name}: get pods answered ${text.slice(0, 500)}`);
  return elapsed;
}

function rssMb(pid: number | null): number {
  if (pid === null) return Number.NaN;
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return line ? Number(line[1]) / 1024 : Number.NaN;
}

/**
 * Every order of the peers in turn (all six for three), so that none is always first (cold caches) or last, and
 * none always comes right after the same peer. A rotation of one order was not enough: it put kubegate after the
 * TS peer in every round, while that peer's kubectl process was still being torn down, and `get pods` read about
 * a tenth slower for it (measured with the orders swapped).
 */
const orders: readonly (readonly Peer[])[] = permutations(peers);
const inOrder = (i: number): readonly Peer[] => orders[i % orders.length] as readonly Peer[];

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

const connects = new Map<string, number[]>(peers.map((p) => [p.name, []]));
for (let round = 0; round < CONNECTS; round++) {
  for (const peer of inOrder(round)) {
    const [session, elapsed] = await connect(peer);
    connects.get(peer.name)?.push(elapsed);
    await session.client.close();
  }
}

const sessions = new Map<string, Session>();
for (const peer of peers) sessions.set(peer.name, (await connect(peer))[0]);
const calls = new Map<string, number[]>(peers.map((p) => [p.name, []]));
const requests = new Map<string, number>(peers.map((p) => [p.name, 0]));
for (let i = 0; i < WARMUP + CALLS; i++) {
  const round = delay(PACE_MS);
  for (const peer of inOrder(i)) {
    const before = cluster.double.requests.length;
    const elapsed = await getPods(peer, sessions.get(peer.name) as Session);
    if (i < WARMUP) continue;
    calls.get(peer.name)?.push(elapsed);
    requests.set(peer.name, (requests.get(peer.name) ?? 0) + cluster.double.requests.length - before);
  }
  await round;
}
const rss = new Map(peers.map((p) => [p.name, rssMb(sessions.get(p.name)?.transport.pid ?? null)]));
for (const session of sessions.values()) await session.client.close();

// kubegate as the HTTP service, as the image runs it: no MCP on stdio, the image's NODE_OPTIONS.
const healthz: number[] = [];
const idleRss: number[] = [];
for (let i = 0; i < HTTP_STARTS; i++) {
  const port = await freePort();
  const start = performance.now();
  const child = spawn(process.execPath, [kubegateEntry], {
    cwd: scratch,
    env: {
      ...peers[0]?.env,
      MCP_STDIO: 'off',
      APPROVAL_PORT: String(port),
      NODE_OPTIONS: IMAGE_NODE_OPTIONS,
    },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const exited = once(child, 'exit');
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null) throw new Error('kubegate exited during start-up');
    await delay(2);
  }
  healthz.push(performance.now() - start);
  await fetch(`http://127.0.0.1:${port}/readyz`);
  await delay(1500); // settled: the background loads are done, the first collections have run
  idleRss.push(rssMb(child.pid ?? null));
  child.kill('SIGTERM');
  await exited;
}
await cluster.close();
rmSync(scratch, { recursive: true, force: true });

const median = (xs: readonly number[]): number => percentile(xs, 50);
const go = peers[1]?.name ?? 'Go peer';
const cell = (value: number, unit: string, against: number, digits: number): string =>
  `${value.toFixed(digits)} ${unit}${against === value ? '' : ` (${(value / against).toFixed(2)}×)`}`;
function row(figure: string, values: Map<string, number>, unit: string, digits: number): string {
  const reference = values.get(go) ?? Number.NaN;
  return `| ${figure} | ${peers.map((p) => cell(values.get(p.name) ?? Number.NaN, unit, reference, digits)).join(' | ')} |`;
}
const medians = (m: Map<string, number[]>) => new Map([...m].map(([k, v]) => [k, median(v)]));
const connectMedians = medians(connects);
const callMedians = medians(calls);
const ratio = (m: Map<string, number>) => (m.get('kubegate') ?? Number.NaN) / (m.get(go) ?? Number.NaN);
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

const out = [
  `kubegate bench:peers — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ` +
    `${CONNECTS} spawns and ${CALLS} calls each (after ${WARMUP} warm-up calls, rounds ${PACE_MS} ms apart), interleaved; ` +
    `ratios against the ${go}`,
  '',
  `| figure | ${peers.map((p) => p.name).join(' | ')} |`,
  `|---|${peers.map(() => '---|').join('')}`,
  row('connect: spawn → `initialize` answered, median', connectMedians, 'ms', 0),
  row('`get pods` via MCP, median', callMedians, 'ms', 1),
  row('resident memory after the calls', rss, 'MB', 0),
  `| API requests per \`get pods\` | ${peers.map((p) => ((requests.get(p.name) ?? 0) / CALLS).toFixed(1)).join(' | ')} |`,
  '',
  `goals against the ${go}: connect ≤ 1.0× (${ratio(connectMedians).toFixed(2)}×: ${verdict(ratio(connectMedians) <= 1)}), ` +
    `get pods ≤ 1.0× (${ratio(callMedians).toFixed(2)}×: ${verdict(ratio(callMedians) <= 1)}), ` +
    `RSS ≤ 1.5× (${ratio(rss).toFixed(2)}×: ${verdict(ratio(rss) <= 1.5)})`,
  `kubegate HTTP service (MCP_STDIO=off, NODE_OPTIONS="${IMAGE_NODE_OPTIONS}" as in the image), ${HTTP_STARTS} starts: start → /healthz answered median ` +
    `${median(healthz).toFixed(0)} ms (goal ≤ 300 ms: ${verdict(median(healthz) <= 300)}), ` +
    `idle RSS median ${median(idleRss).toFixed(0)} MB (goal ≤ 100 MB: ${verdict(median(idleRss) <= 100)})`,
];
process.stdout.write(`${out.join('\n')}\n`);
