import { readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';
import { servesStdio } from './stdio-mode.ts';

// The SDK's imports are types only: this module runs before the MCP SDK, zod or the rest of kubegate is loaded.

type RequestId = string | number;
type Message = JSONRPCMessage & { id?: RequestId; method?: string; params?: Record<string, unknown> };

/**
 * What the SDK's own server answers to `initialize` and `tools/list`, recorded by the build from
 * createMcpServer (scripts/build.ts writes dist/handshake.json; test/mcp/early-stdio.test.ts compares the
 * bundle's answers with the SDK's).
 */
export type Handshake = {
  readonly supportedProtocolVersions: readonly string[];
  readonly initialize: { readonly protocolVersion: string } & Record<string, unknown>;
  readonly toolsList: Record<string, unknown>;
};

/** The recorded handshake beside the bundle, or undefined (running from src/: everything waits for the SDK). */
export function loadHandshake(): Handshake | undefined {
  try {
    return JSON.parse(readFileSync(new URL('./handshake.json', import.meta.url), 'utf8')) as Handshake;
  } catch {
    return undefined;
  }
}

let early: EarlyStdioTransport | undefined;

/**
 * Called by the launcher before anything else of kubegate loads: when MCP runs on stdio (`MCP_STDIO`, read raw
 * here because config.ts is not loaded yet; config.ts validates it), starts reading stdin and resolves once
 * `initialize` has been answered, or after `waitMs`, so that loading the rest does not delay the answer.
 */
export function startEarlyStdio(mode: string | undefined, waitMs: number): Promise<void> {
  if (!servesStdio(mode)) return Promise.resolve();
  const transport = new EarlyStdioTransport({ handshake: loadHandshake() });
  early = transport;
  return transport.answered(waitMs);
}

/** The transport the launcher started, once: main.ts serves MCP over it. */
export function takeEarlyStdio(): EarlyStdioTransport | undefined {
  const taken = early;
  early = undefined;
  return taken;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Well-formed enough to answer without the SDK's validation; anything else waits for the SDK to judge it. */
function isPlainInitialize(m: Message): boolean {
  const p = m.params;
  return (
    isRecord(p) &&
    typeof p.protocolVersion === 'string' &&
    isRecord(p.capabilities) &&
    isRecord(p.clientInfo) &&
    typeof p.clientInfo.name === 'string' &&
    typeof p.clientInfo.version === 'string'
  );
}

/**
 * MCP over stdio (newline-delimited JSON-RPC, as the SDK's StdioServerTransport) that starts reading before the
 * SDK is loaded. Until a server connects, it answers `initialize`, `tools/list` and `ping` from the recorded
 * handshake, so an agent that spawns kubegate is answered at once, and holds every other message. When the
 * server connects (with the service behind its tools ready), the `initialize` and `initialized` it missed are
 * replayed to it (its own answer to the replayed `initialize` is dropped), then the held messages, in order.
 */
export class EarlyStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  readonly #input: Readable;
  readonly #output: Writable;
  readonly #handshake: Handshake | undefined;
  #onWanted: (() => void) | undefined;
  #wanted = false;
  readonly #answered = Promise.withResolvers<undefined>();
  #buffer = '';
  #held: Message[] = [];
  #initialized = false;
  #connected = false;
  #replayedInitialize: RequestId | undefined;

  constructor(options: { handshake: Handshake | undefined; input?: Readable; output?: Writable }) {
    this.#handshake = options.handshake;
    if (options.handshake === undefined) this.#answered.resolve(undefined);
    this.#input = options.input ?? process.stdin;
    this.#output = options.output ?? process.stdout;
    this.#input.on('data', this.#ondata);
    this.#input.on('error', this.#onerror);
    this.#input.once('end', this.#onend);
  }

  /** Resolves once `initialize` has been answered from the handshake, or after `waitMs`. */
  answered(waitMs: number): Promise<void> {
    const timer = setTimeout(() => {
      this.#answered.resolve(undefined);
    }, waitMs);
    return this.#answered.promise.finally(() => {
      clearTimeout(timer);
    });
  }

  /** `callback` runs (once) when a message needs the server: a tool call, or the tools having been listed. */
  whenWanted(callback: () => void): void {
    this.#onWanted = callback;
    if (this.#wanted) callback();
  }

  start(): Promise<void> {
    this.#connected = true;
    const held = this.#held;
    this.#held = [];
    for (const message of held) this.#deliver(message);
    return Promise.resolve();
  }

  async send(message: JSONRPCMessage, _options?: TransportSendOptions): Promise<void> {
    const m = message as Message;
    if (m.method === undefined && m.id !== undefined && m.id === this.#replayedInitialize) {
      this.#replayedInitialize = undefined; // answered already, from the recorded handshake
      return;
    }
    await this.#write(message);
  }

  close(): Promise<void> {
    this.#input.off('data', this.#ondata);
    this.#input.off('error', this.#onerror);
    this.#input.off('end', this.#onend);
    if (this.#input.listenerCount('data') === 0) this.#input.pause();
    this.onclose?.();
    return Promise.resolve();
  }

  readonly #ondata = (chunk: Buffer | string): void => {
    this.#buffer += chunk.toString();
    for (let end = this.#buffer.indexOf('\n'); end !== -1; end = this.#buffer.indexOf('\n')) {
      const line = this.#buffer.slice(0, end).replace(/\r$/, '');
      this.#buffer = this.#buffer.slice(end + 1);
      if (line.trim() === '') continue;
      let message: Message;
      try {
        message = JSON.parse(line) as Message;
      } catch (error) {
        this.onerror?.(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (this.#connected) this.#deliver(message);
      else this.#early(message);
    }
  };

  readonly #onerror = (error: Error): void => this.onerror?.(error);
  readonly #onend = (): void => this.onclose?.();

  #deliver(message: Message): void {
    this.onmessage?.(message);
  }

  #early(message: Message): void {
    const handshake = this.#handshake;
    const answer = (result: unknown): void => {
      void this.#write({ jsonrpc: '2.0', id: message.id as RequestId, result } as JSONRPCMessage);
    };
    if (handshake !== undefined && message.id !== undefined) {
      if (message.method === 'initialize' && !this.#initialized && isPlainInitialize(message)) {
        const requested = String(message.params?.protocolVersion);
        const protocolVersion = handshake.supportedProtocolVersions.includes(requested)
          ? requested
          : handshake.initialize.protocolVersion;
        answer({ ...handshake.initialize, protocolVersion });
        this.#initialized = true;
        this.#replayedInitialize = message.id;
        this.#held.push(message); // the server learns the client's capabilities from it
        this.#answered.resolve(undefined);
        return;
      }
      if (message.method === 'tools/list' && this.#initialized) {
        answer(handshake.toolsList);
        this.#want();
        return;
      }
      if (message.method === 'ping') {
        answer({});
        return;
      }
    }
    this.#held.push(message);
    if (message.method !== 'notifications/initialized') this.#want();
  }

  #want(): void {
    if (this.#wanted) return;
    this.#wanted = true;
    this.#onWanted?.();
  }

  #write(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      if (this.#output.write(`${JSON.stringify(message)}\n`)) resolve();
      else this.#output.once('drain', resolve);
    });
  }
}
