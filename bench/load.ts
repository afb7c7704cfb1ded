// npm run bench:load — a mixed open-model load at a fixed arrival rate against two kubegate replicas (separate
// processes) sharing one Redis and one API-server double, Slack in HTTP mode against the Slack Web API double.
// LOAD_STORE=sqlite runs one replica on an embedded SQLite file instead (npm run bench:load:sqlite).
// LOAD_SECONDS (default 60), LOAD_WARMUP_SECONDS (15) and LOAD_RPS (200) shape the run. The doubles run in a process
// of their own (bench/load-doubles.ts), so this one only sends requests and times answers; all on loopback.
import { mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createClient } from '@redis/client';
import { APPROVE_ACTION } from '../src/slack/ids.ts';
import { startKubegateProcess, type KubegateProcess } from '../test/support/processes.ts';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import type { DoublesReady, SlackCounts } from './load-doubles.ts';
import { blockActionPayload, signSlackRequest } from '../test/support/slack-signing.ts';
import { ms, percentile, report } from './stats.ts';
import { IMAGE_NODE_OPTIONS } from './image.ts';

const REDIS = 'redis://127.0.0.1:6379/9';
const SECRET = 'load-signing-secret';
/** The deployments proposals scale, round robin (seeded by bench/load-doubles.ts; see proposal()). */
const POOL = 24;
const BOT = 'xoxb-load';
const CHANNEL = 'C0LOAD';

const positive = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return n;
};
const SECONDS = positive('LOAD_SECONDS', 60);
const ON_SQLITE = process.env.LOAD_STORE === 'sqlite';
const STORE = ON_SQLITE
  ? `sqlite://${join(mkdtempSync(join(tmpdir(), 'kubegate-load-')), 'kubegate.db')}`
  : REDIS;
const REPLICAS = ON_SQLITE ? 1 : 2;
const RPS = positive('LOAD_RPS', 200);
// Memory under a steady load is judged after V8's heap has grown to what the load needs (it grows lazily, for a
// few seconds), so the warm-up runs at the full rate; the idle figure before it is printed too.
const WARMUP_SECONDS = positive('LOAD_WARMUP_SECONDS', 15);
const MAX_IN_FLIGHT = 500;
const TIMEOUT_MS = 10_000;
const TICK_MS = 2;

type Kind = 'propose' | 'list pending' | 'list history' | 'decide (REST)' | 'click (Slack)';
const KINDS: readonly Kind[] = ['propose', 'list pending', 'list history', 'decide (REST)', 'click (Slack)'];
// 20 slots: 6 proposals (30%), 4 + 4 lists (40%), 3 REST decisions (15%), 3 Slack clicks (15%), interleaved.
const MIX: readonly Kind[] = [
  'propose',
  'list pending',
  'decide (REST)',
  'list history',
  'click (Slack)',
  'propose',
  'list pending',
  'list history',
  'propose',
  'decide (REST)',
  'list pending',
  'click (Slack)',
  'propose',
  'list history',
  'decide (REST)',
  'propose',
  'list pending',
  'click (Slack)',
  'list history',
  'propose',
];

/** User + system CPU seconds of a process so far (clock ticks of 1/100 s, as on Linux). */
const cpuSeconds = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /s, '')
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const selfCpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const rssMb = (pid: number): number =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** redis-server's own CPU seconds so far (INFO cpu), or 0 on SQLite. */
async function redisCpuSeconds(): Promise<number> {
  if (ON_SQLITE) return 0;
  const client = createClient({ url: REDIS });
  await client.connect();
  const info = await client.info('cpu');
  await client.close();
  const field = (name: string): number => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return field('used_cpu_sys') + field('used_cpu_user');
}

if (!ON_SQLITE) {
  const flush = createClient({ url: REDIS });
  await flush.connect();
  await flush.flushDb();
  await flush.close();
}

// The doubles run in a process of their own (bench/load-doubles.ts): this one only sends requests and times answers.
const doubles = fork(new URL('./load-doubles.ts', import.meta.url), [BOT, String(POOL)]);
const { ready } = (await once(doubles, 'message'))[0] as { ready: DoublesReady };
const env = {
  STORE_URL: STORE,
  STORE_SIGNING_KEY: 'load-bench-signing-key-of-at-least-32-bytes',
  KUBECONFIG: ready.kubeconfig,
  API_TOKENS: 'agent:load-agent-token-0123456789,ops:load-ops-token-0123456789',
  APPROVERS: '*',
  SLACK_BOT_TOKEN: BOT,
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_APPROVAL_CHANNEL: CHANNEL,
  SLACK_API_URL: ready.slackUrl,
  LOG_LEVEL: 'warn',
  // The replicas run as the image runs them: the bundle, with the image's NODE_OPTIONS (heap limits). LOAD_NODE_OPTIONS
  // adds flags, e.g. --cpu-prof --cpu-prof-dir=/tmp/prof to see where their time goes.
  NODE_OPTIONS: [IMAGE_NODE_OPTIONS, process.env.LOAD_NODE_OPTIONS ?? ''].join(' ').trim(),
};
let replicas: KubegateProcess[] = [];

// ---------- the requests ----------

/**
 * Proposals scale deployments of a pool of their own, round robin, as a storm touches many workloads (a preview of
 * one that an approved proposal is scaling at that moment is previewed again: see the planner). The double
 * reconciles every workload after each write, so the pool stays small.
 */
const deploymentName = (i: number): string => `load-${i % POOL}`;
let proposalSeq = 0;
function proposal(): unknown {
  const n = proposalSeq++;
  const scale = (i: number) => ({
    command: `kubectl scale deployment ${deploymentName(i)} --replicas=${(Math.floor(i / POOL) % 2) + 1} -n production`,
    explanation: 'load',
    safety_level: 'CAUTION',
  });
  return {
    action: `Load proposal ${n}`,
    commands: [scale(2 * n), scale(2 * n + 1)],
    metadata: { severity: 'HIGH', service: deploymentName(2 * n), namespace: 'production' },
  };
}

/** Ids created (201) and not yet handed to a decision, oldest first, bounded; and the last ones decided (their repeats answer 409). */
const undecided: string[] = [];
const decided: string[] = [];
const remember = (list: string[], id: string): void => {
  list.push(id);
  if (list.length > 1000) list.shift();
};
function idToDecide(): string | undefined {
  const id = undecided.shift() ?? decided[Math.floor(Math.random() * decided.length)];
  if (id !== undefined) remember(decided, id);
  return id;
}

type Outcome = { ok: true } | { ok: false; reason: string };
const OK: Outcome = { ok: true };
/** The first answer body seen for each kind of error, to show what the service said. */
const firstBody = new Map<string, string>();

async function call(
  url: string,
  init: RequestInit,
  allowed: readonly number[],
  onJson?: (body: unknown) => void,
): Promise<Outcome> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (allowed.includes(res.status)) {
    if (onJson !== undefined && (res.status === 200 || res.status === 201)) onJson(await res.json());
    else await res.arrayBuffer();
    return OK;
  }
  const reason = res.status >= 500 ? `HTTP ${res.status}` : `unexpected HTTP ${res.status}`;
  const text = await res.text();
  const key = `${new URL(url).pathname.replace(/[0-9a-z]{20,}|apr_[\w-]+/g, '{id}')}: ${reason}`;
  if (!firstBody.has(key)) firstBody.set(key, text.slice(0, 400));
  return { ok: false, reason };
}

// The agent proposes and ops decides: nobody approves their own request (a 403 is not a load figure).
const AGENT = { authorization: 'Bearer load-agent-token-0123456789' };
const OPS = { authorization: 'Bearer load-ops-token-0123456789' };
const json = (body: unknown, as: Record<string, string> = AGENT): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...as },
  body: JSON.stringify(body),
});
let decisionSeq = 0;

function request(kind: Kind, base: string): Promise<Outcome> {
  switch (kind) {
    case 'propose':
      return call(`${base}/api/approvals`, json(proposal()), [200, 201], (body) => {
        const id = (body as { id?: unknown }).id;
        if (typeof id === 'string' && (body as { state?: unknown }).state === 'pending')
          remember(undecided, id);
      });
    case 'list pending':
      return call(`${base}/api/approvals/pending`, { headers: OPS }, [200]);
    case 'list history':
      return call(`${base}/api/approvals?limit=20`, { headers: OPS }, [200]);
    case 'decide (REST)': {
      const id = idToDecide();
      if (id === undefined) return call(`${base}/api/approvals/pending`, { headers: OPS }, [200]); // nothing created yet
      const approve = decisionSeq++ % 2 === 0;
      const init = approve ? { method: 'POST', headers: OPS } : json({ reason: 'load' }, OPS);
      return call(`${base}/api/approvals/${id}/${approve ? 'approve' : 'reject'}`, init, [200, 201, 409]);
    }
    case 'click (Slack)': {
      const id = idToDecide();
      if (id === undefined) return call(`${base}/api/approvals/pending`, { headers: OPS }, [200]);
      // The listener answers from the button's value; the message ts is not looked up, so a plausible one will do.
      const fields = blockActionPayload({
        userId: 'ULOAD',
        actionId: APPROVE_ACTION,
        value: id,
        channelId: CHANNEL,
        messageTs: '1700000000.000100',
      });
      const raw = new URLSearchParams(fields).toString();
      const headers = {
        'content-type': 'application/x-www-form-urlencoded',
        ...signSlackRequest(SECRET, raw),
      };
      return call(`${base}/slack/events`, { method: 'POST', headers, body: raw }, [200]);
    }
  }
}

// ---------- the open-model driver ----------

type Phase = {
  sent: number;
  completed: number;
  errors: Map<string, number>;
  latency: Map<Kind, number[]>;
  lag: number[];
};
const newPhase = (): Phase => ({
  sent: 0,
  completed: 0,
  errors: new Map(),
  latency: new Map(KINDS.map((k) => [k, []])),
  lag: [],
});
let inFlight = 0;
const settled = new Set<Promise<void>>();

function countError(phase: Phase, key: string): void {
  phase.errors.set(key, (phase.errors.get(key) ?? 0) + 1);
}

function fire(phase: Phase, seq: number, intendedAt: number): void {
  const kind = MIX[seq % MIX.length] ?? 'list pending';
  const replica = replicas[seq % replicas.length];
  phase.sent++;
  phase.lag.push(performance.now() - intendedAt);
  if (replica === undefined || inFlight >= MAX_IN_FLIGHT) {
    countError(phase, `${kind}: dropped (${MAX_IN_FLIGHT} in flight)`);
    return;
  }
  inFlight++;
  const start = performance.now();
  const p = request(kind, replica.url)
    .then(
      (outcome) => {
        if (outcome.ok) phase.latency.get(kind)?.push(performance.now() - start);
        else countError(phase, `${kind}: ${outcome.reason}`);
      },
      (e: unknown) => {
        const name = e instanceof Error ? e.name : 'Error';
        countError(
          phase,
          `${kind}: ${name === 'TimeoutError' ? `timeout (${TIMEOUT_MS} ms)` : `network error (${e instanceof Error && e.cause instanceof Error ? e.cause.message : String(e)})`}`,
        );
      },
    )
    .finally(() => {
      inFlight--;
      phase.completed++;
      settled.delete(p);
    });
  settled.add(p);
}

/** Fires requests at `rps` for `seconds` without waiting for earlier ones; resolves once all have settled. */
async function run(
  phase: Phase,
  seconds: number,
  rps: number,
  seqStart: number,
): Promise<{ wallMs: number; nextSeq: number }> {
  const total = Math.round(seconds * rps); // the loop is bounded in count and in time
  const t0 = performance.now();
  let fired = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - t0;
      const due = Math.min(total, Math.floor((elapsed / 1000) * rps) + 1);
      while (fired < due) {
        fire(phase, seqStart + fired, t0 + (fired * 1000) / rps);
        fired++;
      }
      if (fired >= total || elapsed > seconds * 1000 + 5_000) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  const wallMs = performance.now() - t0;
  await Promise.allSettled([...settled]);
  return { wallMs, nextSeq: seqStart + fired };
}

// ---------- the run ----------

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
const countBy = (items: readonly string[]): [string, number][] => {
  const counts = new Map<string, number>();
  for (const x of items) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
};
/** A pino line as `level msg (err.message)`, for grouping. */
function logMessage(line: string): string {
  try {
    const o = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string }; task?: string };
    return `level ${o.level ?? '?'}: ${o.msg ?? ''}${o.task === undefined ? '' : ` [${o.task}]`}${o.err?.message === undefined ? '' : ` (${o.err.message.slice(0, 200)})`}`;
  } catch {
    return line.slice(0, 200);
  }
}

const stopCodes: (number | null)[] = [];
try {
  replicas = await Promise.all(
    Array.from({ length: REPLICAS }, () => startKubegateProcess(env, { entry: 'dist/main.js' })),
  );
  const pids = replicas.map((r) => r.child.pid ?? 0);

  const rssIdle = pids.map(rssMb);
  const warm = await run(newPhase(), WARMUP_SECONDS, RPS, 0);
  const rssStart = pids.map(rssMb);
  const rssSamples: number[][] = pids.map(() => []);
  const sampler = setInterval(() => {
    pids.forEach((pid, i) => rssSamples[i]?.push(rssMb(pid)));
  }, 1000);
  const redisCpuStart = await redisCpuSeconds();
  const phase = newPhase();
  const cpuStart = [...pids.map(cpuSeconds), selfCpuSeconds(), cpuSeconds(ready.cpuPid)];
  loopDelay.enable();
  const { wallMs } = await run(phase, SECONDS, RPS, warm.nextSeq);
  clearInterval(sampler);
  const rssEnd = pids.map(rssMb);
  const redisCpu = (await redisCpuSeconds()) - redisCpuStart;
  const cpuUsed = [...pids.map(cpuSeconds), selfCpuSeconds(), cpuSeconds(ready.cpuPid)].map(
    (c, i) => c - (cpuStart[i] ?? 0),
  );

  const all = [...phase.latency.values()].flat();
  const errorCount = [...phase.errors.values()].reduce((a, b) => a + b, 0);
  const rate = phase.sent / (wallMs / 1000);
  doubles.send('counts');
  const { counts: slackCounts } = (await once(doubles, 'message'))[0] as { counts: SlackCounts };
  const pendingNow = (
    (await (await fetch(`${replicas[0]?.url ?? ''}/api/approvals/pending`, { headers: OPS })).json()) as {
      approvals: unknown[];
    }
  ).approvals.length;

  console.log(
    `kubegate bench:load (${REPLICAS} replica(s) as processes running dist/main.js with NODE_OPTIONS="${env.NODE_OPTIONS}", store ${STORE}, API-server and Slack Web API doubles; open model ${RPS} req/s for ${SECONDS} s after ${WARMUP_SECONDS} s warm-up; in-flight cap ${MAX_IN_FLIGHT}, timeout ${TIMEOUT_MS} ms)`,
  );
  console.log(
    `requests sent                      ${phase.sent}  (mix ${KINDS.map((k) => `${k} ${phase.latency.get(k)?.length ?? 0}`).join(', ')} ok)`,
  );
  console.log(
    `achieved rate                      ${rate.toFixed(1)} req/s over ${(wallMs / 1000).toFixed(2)} s  (target ${RPS}: ${rate >= RPS * 0.98 ? 'met' : 'MISSED'})`,
  );
  console.log(
    `schedule lag (dispatch − due)      p50 ${ms(percentile(phase.lag, 50))}  p99 ${ms(percentile(phase.lag, 99))}`,
  );
  console.log(
    `errors                             ${errorCount}  (goal 0: ${errorCount === 0 ? 'met' : 'MISSED'})`,
  );
  for (const [key, n] of [...phase.errors].sort((x, y) => y[1] - x[1]))
    console.log(`  ${String(n).padStart(6)}  ${key}`);
  console.log(report('latency, all kinds', all));
  for (const k of KINDS) console.log(report(`latency, ${k}`, phase.latency.get(k) ?? []));
  replicas.forEach((r, i) => {
    const [a, b] = [rssStart[i] ?? 0, rssEnd[i] ?? 0];
    const change = ((b - a) / a) * 100;
    const peak = Math.max(a, b, ...(rssSamples[i] ?? []));
    console.log(
      `replica ${i + 1} RSS (pid ${pids[i]})              idle ${(rssIdle[i] ?? 0).toFixed(1)} MB, after warm-up ${a.toFixed(1)} MB, peak ${peak.toFixed(1)} MB, end ${b.toFixed(1)} MB  (${change >= 0 ? '+' : ''}${change.toFixed(1)}% over the measured load; goal flat within 10%: ${Math.abs(change) <= 10 ? 'met' : 'MISSED'})`,
    );
  });
  console.log(
    `after the load                     ${pendingNow} pending; ${slackCounts['chat.postMessage']} chat.postMessage, ${slackCounts['chat.update']} chat.update, ${slackCounts['chat.postEphemeral']} chat.postEphemeral received`,
  );
  const cpuShare = (i: number): string => `${(((cpuUsed[i] ?? 0) / (wallMs / 1000)) * 100).toFixed(0)}%`;
  console.log(
    `CPU during the measured load       ${replicas.map((_, i) => `replica ${i + 1} ${cpuShare(i)}`).join(', ')}, load generator ${cpuShare(replicas.length)}, doubles ${cpuShare(replicas.length + 1)} of one core; machine: ${availableParallelism()} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}${ON_SQLITE ? '' : `; redis-server ${((redisCpu / (wallMs / 1000)) * 100).toFixed(0)}%`}`,
  );
  for (const [key, body] of firstBody) console.log(`first answer for ${key}: ${body}`);
  console.log(
    `load generator event-loop delay    p99 ${ms(loopDelay.percentile(99) / 1e6)}  max ${ms(loopDelay.max / 1e6)}  (the doubles run in a process of their own)`,
  );
  replicas.forEach((r, i) => {
    const lines = r.stderr
      .join('')
      .split('\n')
      .filter((l) => l.trim() !== '');
    console.log(`replica ${i + 1} logged ${lines.length} warn/error lines`);
    for (const [msg, n] of countBy(lines.map((l) => logMessage(l))))
      console.log(`  ${String(n).padStart(6)}  ${msg}`);
  });
} finally {
  for (const r of replicas) stopCodes.push(await r.stop());
  doubles.send('close');
  await once(doubles, 'exit');
}
console.log(`replicas stopped with exit codes ${stopCodes.join(', ')}; doubles closed`);
