import { ApiException } from '@kubernetes/client-node';
import { err, ok, type Result } from '../../approvals/result.ts';

/**
 * A Kubernetes failure as users may see it: the API's own Status message, never the raw exception text. `cause`
 * keeps the error it came from (for a debugger or a log's `err`), never shown to users.
 */
export type KubeFailure = {
  readonly status?: number;
  readonly reason?: string;
  readonly message: string;
  readonly cause?: unknown;
};

type StatusBody = { message?: unknown; reason?: unknown };

/**
 * ApiException.message embeds the response headers, so it is never shown or logged; the V1Status body (a JSON
 * string in client-node 2.x) carries the message kubectl would print.
 */
export function toKubeFailure(error: unknown, timeoutMs?: number): KubeFailure {
  if (error instanceof ApiException) return failureOf(error.code, error.body);
  if (isAbort(error)) {
    const limit =
      timeoutMs === undefined
        ? ''
        : ` within ${timeoutMs < 1000 ? `${timeoutMs}ms` : `${Math.round(timeoutMs / 1000)}s`}`;
    return {
      message: `the Kubernetes API did not answer${limit}; the request may or may not have been applied`,
    };
  }
  const code = networkCode(error);
  return { message: `cannot reach the Kubernetes API${code ? ` (${code})` : ''}` };
}

/** An HTTP refusal as users may see it: the V1Status body's message and reason, else words for the code. */
export function failureOf(code: number, body: unknown): KubeFailure {
  const status = parseStatus(body);
  const message = typeof status?.message === 'string' ? status.message : statusText(code);
  return { status: code, message, ...(typeof status?.reason === 'string' ? { reason: status.reason } : {}) };
}

function parseStatus(body: unknown): StatusBody | undefined {
  if (typeof body === 'object' && body !== null) return body;
  if (typeof body !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const statusText = (code: number): string =>
  code === 401
    ? "Unauthorized: the cluster refused kubegate's credentials"
    : code === 403
      ? 'Forbidden'
      : `the Kubernetes API answered ${code}`;

function isAbort(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'AbortError' || error.name === 'TimeoutError' || isAbort(error.cause))
  );
}

function networkCode(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * Runs one client-node call and answers its outcome as a value. client-node throws for every refusal and for a
 * server that never answered; this is where those exceptions stop, so the layers above only see KubeFailures
 * (the exception kept as `cause`).
 */
export async function callApi<T>(
  call: () => Promise<T>,
  timeoutMs?: number,
): Promise<Result<T, KubeFailure>> {
  try {
    return ok(await call());
  } catch (cause) {
    return err({ ...toKubeFailure(cause, timeoutMs), cause });
  }
}

/** How a call is bounded: the deadline's signal, and its length for the message when it passes. */
export type CallOptions = {
  readonly signal?: AbortSignal | undefined;
  readonly timeoutMs?: number | undefined;
};
