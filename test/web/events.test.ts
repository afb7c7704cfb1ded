import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApprovalChangeSchema, eventStream } from '../../src/http/events-routes.ts';
import { exampleInput } from '../support/approvals.ts';
import { statusWithHost } from './browser.ts';
import { sseReader } from '../support/events.ts';
import { startCoreKubegate, type TestKubegate } from '../support/kubegate.ts';

const TOKENS = 'alice:alice-token-0123456789,agent:agent-token-0123456789';
const ALICE = { authorization: 'Bearer alice-token-0123456789' };
const AGENT = { authorization: 'Bearer agent-token-0123456789' };

describe('GET /api/events: every approval change, live', () => {
  let kg: TestKubegate;
  before(async () => {
    kg = await startCoreKubegate({ API_TOKENS: TOKENS, APPROVERS: 'api:alice' });
  });
  after(() => kg.close());

  test('is authenticated like the rest of the API', async () => {
    const none = await fetch(`${kg.url}/api/events`);
    assert.equal(none.status, 401);
    assert.match(none.headers.get('content-type') ?? '', /application\/problem\+json/);
    const wrong = await fetch(`${kg.url}/api/events`, { headers: { authorization: 'Bearer nope' } });
    assert.equal(wrong.status, 401);
    assert.equal(await statusWithHost(`${kg.url}/api/events`, 'evil.example', ALICE), 403, 'DNS rebinding');
  });

  test('streams created, approved and finished approvals as the wire approval, with nothing secret', async () => {
    const res = await fetch(`${kg.url}/api/events`, { headers: ALICE });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.ok(res.body);
    const stream = sseReader(res.body);
    const created = await kg.call(
      'POST',
      '/api/approvals',
      exampleInput({ action: 'scale api <b>now</b>' }),
      AGENT,
    );
    assert.equal(created.status, 201);
    await kg.call('POST', `/api/approvals/${created.json.id}/approve`, {}, ALICE);
    const changes: string[] = [];
    for (;;) {
      const event = await stream.next();
      assert.ok(event, 'the stream ended early');
      assert.equal(event.event, 'approval');
      assert.doesNotMatch(event.data, /token-0123456789/);
      const { change, approval } = JSON.parse(event.data);
      assert.equal(event.id, `${approval.id}.${changes.length + 1}`);
      ApprovalChangeSchema.parse({ change, approval }); // the documented shape
      assert.equal(approval.action, 'scale api <b>now</b>');
      changes.push(`${change}:${approval.state}`);
      if (approval.state === 'succeeded') break;
    }
    assert.deepEqual(changes, ['create:pending', 'approve:approved', 'start:executing', 'finish:succeeded']);
    await stream.cancel();
  });

  test('ends open streams when kubegate closes, without holding the shutdown', async () => {
    const own = await startCoreKubegate();
    const res = await fetch(`${own.url}/api/events`);
    assert.ok(res.body);
    const stream = sseReader(res.body);
    await own.close();
    assert.equal(await stream.next(), undefined);
  });
});

describe('the event stream on its own', () => {
  test('sends heartbeats so proxies keep the connection open', async () => {
    const kg = await startCoreKubegate();
    const events = eventStream({ service: kg.service, heartbeatMs: 10 });
    const server = express().use(events.router).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/events`);
      assert.ok(res.body);
      const stream = sseReader(res.body);
      await stream.comment('ping');
      events.close();
      assert.equal(await stream.next(), undefined);
    } finally {
      server.close();
      await kg.close();
    }
  });
});
