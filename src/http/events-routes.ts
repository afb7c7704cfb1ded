import express, { type Response } from 'express';
import * as z from 'zod';
import type { ApprovalService } from '../approvals/service.ts';
import { toWireApproval } from '../wire/approval.ts';
import { WireApprovalSchema } from '../wire/approval-schema.ts';
import { CHANGE_TYPES } from '../approvals/events.ts';

/** The `data` of each `approval` event on the stream. */
export const ApprovalChangeSchema = z.object({
  change: z
    .enum(CHANGE_TYPES)
    .describe(
      'what happened: a proposal (or its repeat), a decision, expiry, the execution starting or finishing',
    ),
  approval: WireApprovalSchema.describe(
    'the approval after the change, exactly as GET /api/approvals/{id} answers',
  ),
});

export const EVENTS_PATH = '/events';
/** Proxies and load balancers close a silent connection after 30–60 s; a comment line well within that keeps it open. */
const HEARTBEAT_MS = 15_000;
/** How long a browser waits before reconnecting (the EventSource `retry` field; the page's own reader honours it too). */
const RETRY_MS = 2_000;
/** A client that reads slower than approvals change is cut off rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

type Deps = { readonly service: ApprovalService; readonly heartbeatMs?: number };

export type EventStream = {
  readonly router: express.Router;
  /** Ends every open stream (shutdown): clients see the stream end and reconnect elsewhere. */
  readonly close: () => void;
};

/**
 * `GET /events` (under /api, so authenticated like every other route): server-sent events, one `approval` event
 * per change with the approval as REST answers it, so the page and `curl -N` see the same thing. Only the wire
 * approval is sent: never tokens, never anything the REST API would not show the same caller.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream
 */
export function eventStream({ service, heartbeatMs = HEARTBEAT_MS }: Deps): EventStream {
  const open = new Set<Response>();
  const router = express.Router();
  router.get(EVENTS_PATH, (req, res) => {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no', // nginx would otherwise hold events back
    });
    res.write(`retry: ${RETRY_MS}\n: kubegate approval changes\n\n`);
    open.add(res);
    const send = (text: string): void => {
      if (res.writableLength > MAX_BUFFERED_BYTES) {
        res.destroy();
        return;
      }
      res.write(text);
    };
    const off = service.subscribe(({ approval, event }) => {
      const change: z.infer<typeof ApprovalChangeSchema> = {
        change: event.type,
        approval: toWireApproval(approval),
      };
      const data = JSON.stringify(change);
      send(`id: ${approval.id}.${approval.version}\nevent: approval\ndata: ${data}\n\n`);
    });
    const heartbeat = setInterval(() => {
      send(': ping\n\n');
    }, heartbeatMs);
    heartbeat.unref();
    const stop = (): void => {
      clearInterval(heartbeat);
      off();
      open.delete(res);
    };
    req.on('close', stop);
    res.on('close', stop);
  });
  return {
    router,
    close: () => {
      for (const res of open) res.end();
      open.clear();
    },
  };
}
