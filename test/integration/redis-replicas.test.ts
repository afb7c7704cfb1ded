import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '@redis/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ORIGINAL_EXAMPLE } from '../support/approvals.ts';
import { redisSkip, testRedisUrl } from '../support/redis.ts';
import { startCoreKubegate, type TestKubegate } from '../support/kubegate.ts';

// Database 4 is this file's own (see test/store/redis.test.ts for the others).
const REDIS = testRedisUrl(4);
const AGENT = 'agent-token-0123456789';
const ALICE = { authorization: 'Bearer alice-token-0123456789' };
const env = {
  STORE_URL: REDIS,
  STORE_SIGNING_KEY: 'replicas-share-this-signing-key-of-32-bytes',
  API_TOKENS: `agent:${AGENT},alice:alice-token-0123456789`,
  APPROVERS: '*',
};
const proposal = (replicas: number) => ({
  ...ORIGINAL_EXAMPLE,
  commands: [
    {
      command: `kubectl scale deployment api-service --replicas=${replicas} -n production`,
      explanation: 'replicas',
      safety_level: 'CAUTION',
    },
  ],
});

/** An MCP client behind a load balancer without affinity: each HTTP request goes to the next replica in turn. */
async function roundRobinClient(
  replicas: readonly TestKubegate[],
): Promise<{ client: Client; hits: number[]; upNext: () => number }> {
  const hits = replicas.map(() => 0);
  let next = 0;
  const fetchAny = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const i = next++ % replicas.length;
    hits[i] = (hits[i] ?? 0) + 1;
    const url = new URL(String(input instanceof Request ? input.url : input));
    return fetch(new URL(url.pathname, replicas[i]?.url), init);
  };
  const transport = new StreamableHTTPClientTransport(new URL(`${replicas[0]?.url}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${AGENT}` } },
    fetch: fetchAny,
  });
  const client = new Client({ name: 'balanced-agent', version: '1.0.0' });
  await client.connect(transport);
  return { client, hits, upNext: () => next % replicas.length };
}

/** Two replicas sharing this file's Redis database, emptied first. */
async function twoReplicasOnAnEmptyRedis(): Promise<[TestKubegate, TestKubegate]> {
  const flush = createClient({ url: REDIS });
  await flush.connect();
  await flush.flushDb();
  await flush.close();
  return Promise.all([startCoreKubegate(env), startCoreKubegate(env)]);
}

// The timeout only turns a missed wake-up into a failure instead of a hang; nothing here is timed.
test(
  'two replicas on Redis: MCP needs no affinity, and a decision on one wakes waiters and listeners on the other',
  { skip: redisSkip, timeout: 60_000 },
  async () => {
    const [a, b] = await twoReplicasOnAnEmptyRedis();
    try {
      const { client, hits, upNext } = await roundRobinClient([a, b]);
      const { tools } = await client.listTools();
      assert.equal(tools.length, 4);
      const proposed = await client.callTool({ name: 'propose_remediation', arguments: proposal(3) });
      const id = (proposed.structuredContent as { approval: { id: string } }).approval.id;
      assert.ok(
        hits.every((n) => n > 0),
        `both replicas served the session: ${hits.join(', ')}`,
      );

      // The waiter's request lands on one replica, the decision on the other; their listeners hear it too.
      const deciding = upNext() === 0 ? b : a;
      const waiting = client.callTool({ name: 'get_approval', arguments: { id, wait_seconds: 600 } });
      const heardOnA = a.until(id, 'succeeded');
      const heardOnB = b.until(id, 'succeeded');
      const approved = await fetch(`${deciding.url}/api/approvals/${id}/approve`, {
        method: 'POST',
        headers: ALICE,
      });
      assert.equal(approved.status, 200);
      const done = await waiting;
      assert.equal((done.structuredContent as { approval: { state: string } }).approval.state, 'succeeded');
      assert.equal((await heardOnA).version, (await heardOnB).version);
      await client.close();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  },
);

test(
  "a listener of this replica's changes only (remote: false) hears none of the other replica's",
  { skip: redisSkip, timeout: 60_000 },
  async () => {
    const [a, b] = await twoReplicasOnAnEmptyRedis();
    try {
      const localOnA: string[] = [];
      a.service.subscribe((change) => localOnA.push(`${change.event.type} ${change.approval.id}`), {
        remote: false,
      });
      const propose = async (on: TestKubegate, replicas: number): Promise<string> => {
        const res = await fetch(`${on.url}/api/approvals`, {
          method: 'POST',
          headers: { authorization: `Bearer ${AGENT}`, 'content-type': 'application/json' },
          body: JSON.stringify(proposal(replicas)),
        });
        assert.equal(res.status, 201);
        return ((await res.json()) as { id: string }).id;
      };
      // B's proposal, decided and run on B: A's listeners that hear remote changes hear it all...
      const onB = await propose(b, 4);
      const heardOnA = a.until(onB, 'succeeded');
      const approved = await fetch(`${b.url}/api/approvals/${onB}/approve`, {
        method: 'POST',
        headers: ALICE,
      });
      assert.equal(approved.status, 200);
      assert.equal((await heardOnA).state, 'succeeded');
      // ...while A's own proposal is heard by its local listener.
      const onA = await propose(a, 5);
      assert.deepEqual(localOnA, [`create ${onA}`], 'nothing of B’s, and A’s own proposal');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  },
);
