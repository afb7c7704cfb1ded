import { OPEN_STATES } from '../../src/approvals/model.ts';

// Reading kubegate's live stream (GET /api/events) in tests: what the web page and `curl -N` see, and a way to wait
// for an approval to settle that wakes on the change itself, on whichever replica it happened.

export type SseEvent = { event: string; id: string | undefined; data: string };

/** Reads a text/event-stream response as the spec parses it, one event at a time. */
export function sseReader(body: ReadableStream<Uint8Array>) {
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

const settled = (state: string): boolean => !(OPEN_STATES as readonly string[]).includes(state);

/**
 * Waits until approval `id` has settled (its execution finished, or it ended undecided) and returns its state,
 * as `baseUrl`'s API shows it. Subscribes first, then reads the approval once, so a change between the two is not
 * missed; the stream carries changes from every replica sharing the store.
 */
export async function settledState(
  baseUrl: string,
  id: string,
  headers: Record<string, string>,
): Promise<string> {
  const stream = await fetch(`${baseUrl}/api/events`, { headers });
  if (!stream.ok || !stream.body) throw new Error(`GET /api/events answered ${stream.status}`);
  const events = sseReader(stream.body);
  try {
    const now = (await (await fetch(`${baseUrl}/api/approvals/${id}`, { headers })).json()) as {
      state: string;
    };
    if (settled(now.state)) return now.state;
    for (;;) {
      const event = await events.next();
      if (event === undefined) throw new Error(`the event stream ended before ${id} settled`);
      if (event.event !== 'approval') continue;
      const { approval } = JSON.parse(event.data) as { approval: { id: string; state: string } };
      if (approval.id === id && settled(approval.state)) return approval.state;
    }
  } finally {
    await events.cancel();
  }
}
