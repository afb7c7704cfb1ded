// kubegate's REST API and event stream as the page uses them: the same endpoints as curl, with the bearer token
// kept in this tab's sessionStorage only.

const TOKEN_KEY = 'kubegate.token';
let onUnauthorized = () => undefined;

/** Called on every 401, with whether a token had been sent (then it was refused). */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

export const auth = {
  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set token(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
  headers(extra = {}) {
    const token = this.token;
    return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
  },
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(
      problem?.detail ? `${problem.title ?? 'Error'}: ${problem.detail}` : `the server answered ${status}`,
    );
    this.status = status;
    this.problem = problem;
  }
}

export async function api(method, path, body) {
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: auth.headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, {
      title: 'Network error',
      detail: 'kubegate could not be reached; is it running?',
    });
  }
  const type = res.headers.get('content-type') ?? '';
  const data = type.includes('json') ? await res.json().catch(() => undefined) : undefined;
  if (res.status === 401) onUnauthorized(Boolean(auth.token));
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

/** The text/event-stream format: lines, `event:` and `data:` fields, a blank line ends an event. */
export async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let name = 'message';
  let data = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') {
        if (data.length > 0) onEvent(name, data.join('\n'));
        name = 'message';
        data = [];
      } else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      else if (line.startsWith('event:')) name = line.slice(6).trim();
    }
  }
}
