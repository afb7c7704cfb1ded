import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createKubeReader } from '../../../src/kube/adapters/reader.ts';
import { loadCluster } from '../../../src/kube/api/cluster.ts';
import {
  seedProductionFixture,
  startKubeApiDouble,
  type KubeApiDouble,
} from '../../support/kube-api-double.ts';

const PODS = '/api/v1/namespaces/production/pods';

/** Reads go out as raw requests on client-node's dispatcher: what reaches the server, and what comes back. */
describe('a read as the API server sees it', () => {
  let double: KubeApiDouble;
  let kubeconfig: string;
  before(async () => {
    // TLS with the double's own CA and a bearer token: the kubeconfig's authentication on every raw read.
    double = await startKubeApiDouble({ tls: true, token: 'reader-token' });
    seedProductionFixture(double);
    kubeconfig = await double.writeKubeconfig(mkdtempSync(join(tmpdir(), 'kubegate-reader-')));
  });
  after(() => double.close());

  const reader = (timeoutMs = 10_000) => {
    const loaded = loadCluster({ kubeconfig });
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.error);
    return createKubeReader({ cluster: loaded.value, timeoutMs });
  };

  test("carries the kubeconfig's token over TLS (the double's own CA) on every read in a row", async () => {
    const read = reader();
    for (let i = 0; i < 3; i++) {
      const answer = await read.runIfRead('kubectl get pods', 'production');
      assert.ok(answer.ok && answer.value !== 'mutating', JSON.stringify(answer));
      assert.match(answer.value.output, /^NAME\s+READY\s+STATUS/);
    }
    const sent = double.requests.filter((r) => r.path === PODS);
    assert.ok(sent.length >= 3);
    assert.match(sent.at(-1)?.accept ?? '', /as=Table;v=v1;g=meta\.k8s\.io/);
  });

  test('a refusal keeps the API server message; nothing is reported as success', async () => {
    double.inject({ method: 'GET', pathPrefix: PODS, status: 403, times: 1 });
    const answer = await reader().runIfRead('kubectl get pods', 'production');
    assert.deepEqual(answer, {
      ok: false,
      error: { code: 'command_failed', command: 'kubectl get pods', reason: 'injected fault' },
    });
  });

  test('a server that never answers is given up on at the deadline, with the wait named', async () => {
    double.inject({ method: 'GET', pathPrefix: PODS, delayMs: 3000, times: 1 });
    const answer = await reader(200).runIfRead('kubectl get pods', 'production');
    assert.ok(!answer.ok);
    assert.equal(answer.error.code, 'unavailable');
    assert.match(
      'reason' in answer.error ? answer.error.reason : '',
      /the Kubernetes API did not answer within 200ms/,
    );
  });

  test('a dropped connection is "cannot reach", not a crash', async () => {
    double.inject({ method: 'GET', pathPrefix: PODS, drop: true, times: 1 });
    const answer = await reader().runIfRead('kubectl get pods', 'production');
    assert.ok(!answer.ok);
    assert.equal(answer.error.code, 'unavailable');
    assert.match('reason' in answer.error ? answer.error.reason : '', /cannot reach the Kubernetes API/);
  });
});
