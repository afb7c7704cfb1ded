import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
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

/** Reads go out on Node's HTTP client with client-node's credentials: what reaches the server, and what comes back. */
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

  test('keeps one connection alive across reads, and names itself', async () => {
    const read = reader();
    const before = double.requests.length;
    for (let i = 0; i < 3; i++) assert.ok((await read.runIfRead('kubectl get pods', 'production')).ok);
    const sent = double.requests.slice(before);
    assert.equal(sent.length, 3);
    assert.equal(new Set(sent.map((r) => r.connection)).size, 1, 'three reads, one TCP (TLS) connection');
    assert.deepEqual(
      sent.map((r) => r.userAgent),
      ['kubegate', 'kubegate', 'kubegate'],
    );
  });

  test('a kept-alive connection the server drops is read again once, on a new connection', async () => {
    const read = reader();
    assert.ok((await read.runIfRead('kubectl get pods', 'production')).ok);
    const before = double.requests.length;
    double.inject({ method: 'GET', pathPrefix: PODS, drop: true, times: 1 });
    const answer = await read.runIfRead('kubectl get pods', 'production');
    assert.ok(answer.ok && answer.value !== 'mutating', JSON.stringify(answer));
    const [dropped, again] = double.requests.slice(before);
    assert.ok(dropped && again, 'the dropped read and its second sending');
    assert.notEqual(again.connection, dropped.connection);
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

  test('a dropped new connection is "cannot reach", not a crash, and is not sent again', async () => {
    const before = double.requests.length;
    double.inject({ method: 'GET', pathPrefix: PODS, drop: true, times: 1 });
    const answer = await reader().runIfRead('kubectl get pods', 'production');
    assert.equal(double.requests.length - before, 1);
    assert.ok(!answer.ok);
    assert.equal(answer.error.code, 'unavailable');
    assert.match('reason' in answer.error ? answer.error.reason : '', /cannot reach the Kubernetes API/);
  });
});

describe("a read through the kubeconfig's proxy-url", () => {
  let double: KubeApiDouble;
  let proxy: http.Server;
  const proxied: string[] = [];
  before(async () => {
    double = await startKubeApiDouble();
    seedProductionFixture(double);
    // A forward proxy as corporate networks have; client-node tunnels through it with CONNECT.
    proxy = http.createServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req: http.IncomingMessage, client: Duplex, head: Buffer) => {
      proxied.push(req.url ?? '');
      const [host = '', port = ''] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client).pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    proxy.listen(0, '127.0.0.1');
    await once(proxy, 'listening');
  });
  after(async () => {
    proxy.closeAllConnections();
    proxy.close();
    await double.close();
  });

  test('goes through the proxy, as client-node sends every other request', async () => {
    const { port } = proxy.address() as AddressInfo;
    const dir = mkdtempSync(join(tmpdir(), 'kubegate-proxy-'));
    const kubeconfig = await double.writeKubeconfig(dir, { proxyUrl: `http://127.0.0.1:${port}` });
    const loaded = loadCluster({ kubeconfig });
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.error);
    const answer = await createKubeReader({ cluster: loaded.value, timeoutMs: 10_000 }).runIfRead(
      'kubectl get pods',
      'production',
    );
    assert.ok(answer.ok && answer.value !== 'mutating', JSON.stringify(answer));
    assert.match(answer.value.output, /api-service/);
    assert.deepEqual(proxied, [new URL(double.url).host], 'one tunnel, to the API server');
  });
});
