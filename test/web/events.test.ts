import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApprovalChangeSchema, eventStream } from '../../src/http/events-routes.ts';
import { exampleInput } from '../support/approvals.ts';
import { statusWithHost } from './browser.ts';
import { startCoreKubegate, type TestKubegate } from '../support/kubegate.ts';

const TOKENS = 'alice:alice-token-0123456789,agent:agent-token-0123456789';
const ALICE = { authorization: 'Bearer alice-token-0123456789' };
const AGENT = { authorization: 'Bearer agent-token-0123456789' };

type SseEvent = { event: string; id: string | undefined; data: string };

/** Reads a text/event-stream response as the spec parses it, one event at a time. */
function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const comments: string[] = [];
  return {
    comments,
    /** The next event (not comment) in the stream; undefined when the stream ends. */
    async next(): Promise<SseEvent | undefined> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = block.split('\n');
          comments.push(...fields.filter((l) => l.startsWith(':')).map((l) => l.slice(1).trim()));
          const data = fields.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart());
          if (data.length === 0) continue;
          const field = (name: string) =>
            fields
              .find((l) => l.startsWith(`${name}:`))
              ?.slice(name.length + 1)
              .trim();
          return { event: field('event') ?? 'message', id: field('id'), data: data.join('\n') };
        }
        const { value, done } = await reader.read();
        if (done) return undefined;
        buffer += value;
      }
    },
    /** Resolves once a comment line equal to `text` has arrived. */
    async comment(text: string): Promise<void> {
      while (!comments.includes(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before the comment "${text}"`);
        buffer += value;
        for (const block of buffer.split('\n\n')) {
          for (const line of block.split('\n')) if (line.startsWith(':')) comments.push(line.slice(1).trim());
        }
      }
    },
    cancel: () => reader.cancel(),
  };
}

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
