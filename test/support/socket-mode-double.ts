/**
 * A Socket Mode double: it adds `apps.connections.open` (app-level token) to a Slack Web API double and runs
 * the WebSocket that @slack/socket-mode connects to, so an app can be driven without a public URL.
 * @see https://docs.slack.dev/apis/events-api/using-socket-mode
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WebSocketServer, type WebSocket } from 'ws';
import { APP_ID, type SlackApiDouble } from './slack-api-double.ts';

export type EnvelopeType = 'interactive' | 'slash_commands' | 'events_api';
/** What the app sent back for one envelope; `payload` is what Bolt's `ack(body)` carried. */
export type SocketAck = { envelope_id: string; payload: unknown; ms: number };

export interface SocketModeDouble {
  /** Resolves when the first WebSocket connects (the `hello` has been sent). */
  readonly connected: Promise<void>;
  /** How many WebSockets have connected so far; a reconnect makes it grow. */
  readonly connections: number;
  /** Every envelope pushed, in order. */
  readonly envelopes: { envelope_id: string; type: EnvelopeType; payload: object }[];
  /** Pushes an `interactive` envelope. Accepts the payload object or `blockActionPayload(…)`'s `{ payload: json }` form. */
  sendInteractive(payload: object): Promise<SocketAck>;
  /** Pushes a `slash_commands` envelope; its payload is the slash command's fields as an object, as Slack sends it. */
  sendSlashCommand(fields: Record<string, string>): Promise<SocketAck>;
  sendEvent(payload: object): Promise<SocketAck>;
  /** Sends Slack's `{ type: 'disconnect' }`, which makes the client reconnect through `apps.connections.open`. */
  requestReconnect(): void;
  close(): Promise<void>;
}

type Pending = {
  resolve: (ack: SocketAck) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  sentAt: number;
};

/** `blockActionPayload` returns form fields `{ payload: '<json>' }`; Socket Mode carries the decoded object. */
function decodeInteractive(p: object): object {
  const entries = Object.entries(p);
  const only = entries.length === 1 ? entries[0] : undefined;
  return only?.[0] === 'payload' && typeof only[1] === 'string' ? (JSON.parse(only[1]) as object) : p;
}

/**
 * Sends a close frame and waits for the client's answer: terminating at once would leave @slack/socket-mode
 * waiting 30 s for a close handshake it had already begun. A peer that does not answer is cut after a second.
 */
function closeGracefully(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    const cut = setTimeout(() => {
      ws.terminate();
    }, 1000);
    ws.once('close', () => {
      clearTimeout(cut);
      resolve();
    });
    ws.close(1001, 'going away');
  });
}

/**
 * Starts the WebSocket side and registers `apps.connections.open` on `webApi`, requiring `appToken`.
 * An envelope not acknowledged within `ackTimeoutMs` (Slack's 3 s by default) rejects.
 */
export async function startSocketModeDouble(opts: {
  webApi: SlackApiDouble;
  appToken?: string;
  ackTimeoutMs?: number;
}): Promise<SocketModeDouble> {
  const appToken = opts.appToken ?? 'xapp-1-A0001-1-test';
  const ackTimeoutMs = opts.ackTimeoutMs ?? 3000;
  const tickets = new Set<string>();
  const pending = new Map<string, Pending>();
  const envelopes: SocketModeDouble['envelopes'] = [];
  const sockets: WebSocket[] = [];
  let connections = 0;
  const first = Promise.withResolvers<undefined>();

  const http = createServer((_req, res) => res.writeHead(426).end());
  const wss = new WebSocketServer({ noServer: true });
  // Slack's URL carries a one-time ticket from apps.connections.open; a connection without one is refused.
  http.on('upgrade', (req, socket, head) => {
    const ticket = new URL(req.url ?? '/', 'http://x').searchParams.get('ticket') ?? '';
    if (!tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  wss.on('connection', (ws: WebSocket) => {
    connections += 1;
    sockets.push(ws);
    ws.on('message', (data) => {
      const text = Buffer.concat(Array.isArray(data) ? data : [new Uint8Array(data)]).toString('utf8');
      const msg = JSON.parse(text) as { envelope_id?: string; payload?: unknown };
      const waiter = pending.get(msg.envelope_id ?? '');
      if (!waiter || msg.envelope_id === undefined) return;
      pending.delete(msg.envelope_id);
      clearTimeout(waiter.timer);
      waiter.resolve({
        envelope_id: msg.envelope_id,
        payload: msg.payload,
        ms: performance.now() - waiter.sentAt,
      });
    });
    ws.on('close', () => {
      const i = sockets.indexOf(ws);
      if (i >= 0) sockets.splice(i, 1);
    });
    const hello = {
      type: 'hello',
      num_connections: sockets.length,
      debug_info: { host: 'applink-double', build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: APP_ID },
    };
    ws.send(JSON.stringify(hello));
    first.resolve(undefined);
  });

  // Slack pings every few seconds; the client treats a silence after the first ping as a dead link.
  const pinger = setInterval(() => {
    for (const ws of sockets) ws.ping();
  }, 5000);
  pinger.unref();

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;

  opts.webApi.route(
    'apps.connections.open',
    () => {
      const ticket = randomUUID();
      tickets.add(ticket);
      return { ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=${ticket}&app_id=${APP_ID}` };
    },
    { token: appToken },
  );

  const push = (type: EnvelopeType, payload: object, acceptsResponse: boolean): Promise<SocketAck> => {
    const ws = sockets.at(-1);
    if (!ws) return Promise.reject(new Error('no Socket Mode connection is open'));
    const envelope_id = randomUUID();
    envelopes.push({ envelope_id, type, payload });
    const { promise, resolve, reject } = Promise.withResolvers<SocketAck>();
    const timer = setTimeout(() => {
      pending.delete(envelope_id);
      reject(new Error(`no ack for ${type} envelope ${envelope_id} within ${ackTimeoutMs} ms`));
    }, ackTimeoutMs);
    pending.set(envelope_id, { resolve, reject, timer, sentAt: performance.now() });
    ws.send(JSON.stringify({ envelope_id, type, payload, accepts_response_payload: acceptsResponse }));
    return promise;
  };

  return {
    connected: first.promise,
    get connections() {
      return connections;
    },
    envelopes,
    sendInteractive: (p) => {
      const payload = decodeInteractive(p);
      // Slack accepts a response payload only where one means something: view submissions (response_action).
      const type = (payload as { type?: unknown }).type;
      return push('interactive', payload, type === 'view_submission' || type === 'block_suggestion');
    },
    sendSlashCommand: (fields) => push('slash_commands', { ...fields }, true),
    sendEvent: (payload) => push('events_api', payload, false),
    requestReconnect: () => {
      sockets.at(-1)?.send(
        JSON.stringify({
          type: 'disconnect',
          reason: 'refresh_requested',
          debug_info: { host: 'applink-double' },
        }),
      );
    },
    close: async () => {
      clearInterval(pinger);
      for (const [id, p] of pending) {
        clearTimeout(p.timer);
        p.reject(new Error(`Socket Mode double closed before envelope ${id} was acknowledged`));
      }
      pending.clear();
      await Promise.all([...sockets].map(closeGracefully));
      await new Promise<void>((resolve) => {
        wss.close(() => {
          resolve();
        });
      });
      await new Promise<void>((resolve, reject) => {
        http.close((e) => {
          if (e) reject(e);
          else resolve();
        });
        http.closeAllConnections();
      });
    },
  };
}
