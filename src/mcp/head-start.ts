import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';

type RequestId = string | number;

const isRequest = (m: JSONRPCMessage, method: string): m is JSONRPCMessage & { id: RequestId } =>
  'method' in m && m.method === method && 'id' in m;

/**
 * A stdio session that starts before the service behind its tools exists. An agent spawns kubegate and waits
 * for `initialize` before anything else, so that is answered at once, with `tools/list` and `ping`, while the
 * cluster, store, Slack and HTTP stacks load. Each `tools/call` is held until `ready` settles, in arrival order.
 *
 * `onWanted` tells the composition root when to start loading the rest: once an answer to `tools/list` has been
 * written, or when a tool is called. Loading earlier would compile those stacks on the one thread that is meant
 * to answer the handshake.
 */
export class HeadStartTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  readonly #inner: Transport;
  readonly #ready: Promise<unknown>;
  readonly #onWanted: () => void;
  readonly #listings = new Set<RequestId>();

  constructor(inner: Transport, ready: Promise<unknown>, onWanted: () => void) {
    this.#inner = inner;
    this.#ready = ready;
    this.#onWanted = onWanted;
  }

  start(): Promise<void> {
    this.#inner.onmessage = (message, extra) => {
      this.#receive(message, extra);
    };
    this.#inner.onclose = () => this.onclose?.();
    this.#inner.onerror = (error) => this.onerror?.(error);
    return this.#inner.start();
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    await this.#inner.send(message, options);
    const answered = 'id' in message && !('method' in message) ? message.id : undefined;
    if (answered !== undefined && this.#listings.delete(answered)) this.#onWanted();
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  #receive(message: JSONRPCMessage, extra?: MessageExtraInfo): void {
    if (isRequest(message, 'tools/list')) this.#listings.add(message.id);
    if (!isRequest(message, 'tools/call')) {
      this.onmessage?.(message, extra);
      return;
    }
    this.#onWanted();
    // If start-up fails, kubegate logs why and exits: the held call has no service to answer it.
    this.#ready.then(
      () => this.onmessage?.(message, extra),
      () => undefined,
    );
  }
}
