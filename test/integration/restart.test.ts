import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shorthandPolicy } from '../../src/approvals/policy.ts';
import { openStore } from '../../src/store/open-store.ts';
import { transition } from '../../src/approvals/machine.ts';
import { ORIGINAL_EXAMPLE, at, pendingApproval } from '../support/approvals.ts';
import { RecordingExecutor } from '../support/executor-double.ts';
import { startCoreKubegate } from '../support/kubegate.ts';
import { startTestCluster } from '../support/cluster.ts';
import { freePort } from '../support/processes.ts';

const proposalFor = (pod: string) => ({
  ...ORIGINAL_EXAMPLE,
  commands: [{ ...ORIGINAL_EXAMPLE.commands[0], command: `kubectl delete pod ${pod} -n production` }],
});

const tempStore = () => `sqlite://${join(mkdtempSync(join(tmpdir(), 'kubegate-restart-')), 'kubegate.db')}`;

test('keeps pending proposals, decisions and history across a restart on SQLite', async () => {
  const STORE_URL = tempStore();
  const first = await startCoreKubegate({ STORE_URL }, { executor: new RecordingExecutor() });
  const waiting = (await first.call('POST', '/api/approvals', ORIGINAL_EXAMPLE)).json.id as string;
  const refused = (await first.call('POST', '/api/approvals', ORIGINAL_EXAMPLE)).json.id as string;
  const done = (await first.call('POST', '/api/approvals', ORIGINAL_EXAMPLE)).json.id as string;
  await first.call('POST', `/api/approvals/${refused}/reject`, { reason: 'Not safe to execute' });
  await first.call('POST', `/api/approvals/${done}/approve`);
  await first.until(done, 'succeeded');
  await first.close();

  const executor = new RecordingExecutor();
  const second = await startCoreKubegate({ STORE_URL }, { executor });
  try {
    const pending = await second.call('GET', '/api/approvals/pending');
    assert.deepEqual(
      pending.json.approvals.map((a: { id: string }) => a.id),
      [waiting],
    );
    const history = await second.call('GET', '/api/approvals');
    assert.deepEqual(
      history.json.approvals.map((a: { id: string; state: string }) => [a.id, a.state]),
      [
        [done, 'succeeded'],
        [refused, 'rejected'],
        [waiting, 'pending'],
      ],
    );
    assert.equal(history.json.approvals[1].reason, 'Not safe to execute');
    const approved = await second.call('POST', `/api/approvals/${waiting}/approve`);
    assert.equal(approved.status, 200, 'a proposal made before the restart can still be decided');
    await second.until(waiting, 'succeeded');
    assert.equal(executor.calls.length, 1);
  } finally {
    await second.close();
  }
});

test('marks an approval left executing by a dead process as interrupted and never re-runs it', async () => {
  const STORE_URL = tempStore();
  // Leave the store exactly as a process killed mid-execution leaves it.
  const store = await openStore({ kind: 'sqlite', path: STORE_URL.slice('sqlite://'.length) });
  const policy = shorthandPolicy({ approvers: ['*'], dangerousQuorum: 2, selfApproval: 'forbidden' });
  const pending = pendingApproval();
  await store.create(pending);
  const approved = transition(
    pending,
    { type: 'approve', by: { principal: 'api:alice' }, via: 'rest', at: at(60) },
    policy,
  );
  assert.ok(approved.ok);
  const executing = transition(approved.value, { type: 'start', at: at(60) }, policy);
  assert.ok(executing.ok);
  assert.equal(await store.compareAndSet(approved.value, pending.version), true);
  assert.equal(await store.compareAndSet(executing.value, approved.value.version), true);
  await store.close();

  const executor = new RecordingExecutor();
  const kg = await startCoreKubegate({ STORE_URL }, { executor });
  try {
    const res = await kg.call('GET', `/api/approvals/${pending.id}`);
    assert.equal(res.json.state, 'interrupted');
    assert.match(res.json.reason, /not re-run/);
    assert.equal(executor.calls.length, 0);
  } finally {
    await kg.close();
  }
});

async function waitForReady(url: string): Promise<void> {
  for (;;) {
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('loses no pending proposal when the process is killed with SIGKILL', async () => {
  const STORE_URL = tempStore();
  const cluster = await startTestCluster();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const start = () =>
    spawn(process.execPath, ['src/main.ts'], {
      env: {
        PATH: process.env.PATH,
        STORE_URL,
        KUBECONFIG: cluster.kubeconfig,
        APPROVAL_PORT: String(port),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
  const first = start();
  await waitForReady(url);
  const created = await fetch(`${url}/api/approvals`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(proposalFor(cluster.fixture.pod)),
  });
  assert.equal(created.status, 201);
  const { id } = (await created.json()) as { id: string };
  first.kill('SIGKILL');
  await once(first, 'exit');

  const second = start();
  try {
    await waitForReady(url);
    const pending = (await (await fetch(`${url}/api/approvals/pending`)).json()) as {
      approvals: { id: string }[];
    };
    assert.deepEqual(
      pending.approvals.map((a) => a.id),
      [id],
    );
  } finally {
    second.kill('SIGTERM');
    await once(second, 'exit');
    await cluster.close();
  }
});
