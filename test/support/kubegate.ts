import { loadConfig } from '../../src/config.ts';
import { RecordingExecutor } from './executor-double.ts';
import { agentTrustingPlanner, proposingReader } from './planner-double.ts';
import { startKubegate, type Kubegate, type KubegateOptions } from '../../src/app.ts';
import { createLogger } from '../../src/observability/log.ts';
import type { Approval, ApprovalState } from '../../src/approvals/model.ts';

export type TestKubegate = Kubegate & {
  /** fetch against the service, JSON in and out. */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; type: string; json: any }>;
  /** Resolves once the approval reaches `state` (via the service's own change events, not polling). */
  until(id: string, state: ApprovalState): Promise<Approval>;
};

/** Starts kubegate for real on a free port with an in-memory store unless the environment says otherwise. */
export async function startTestKubegate(
  env: Record<string, string> = {},
  options: Omit<KubegateOptions, 'config' | 'logger'> = {},
): Promise<TestKubegate> {
  // Tests never reach the machine's own cluster: a kubeconfig must be given explicitly (the API-server double's).
  const loaded = loadConfig({
    STORE_URL: 'memory://',
    KUBECONFIG: '/nonexistent/kubegate-test-kubeconfig',
    ...env,
    APPROVAL_PORT: '0',
  });
  if (!loaded.ok) throw new Error(`bad test config: ${JSON.stringify(loaded.error)}`);
  const logger = createLogger({ level: env.LOG_LEVEL ?? 'silent', pretty: false });
  const kubegate = await startKubegate({ config: loaded.value, logger, ...options });
  return Object.assign(kubegate, {
    async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        init.headers = { 'content-type': 'application/json', ...headers };
      }
      const res = await fetch(`${kubegate.url}${path}`, init);
      const text = await res.text();
      const type = (res.headers.get('content-type') ?? '').split(';')[0] ?? '';
      return { status: res.status, type, json: type.includes('json') && text ? JSON.parse(text) : text };
    },
    until(id: string, state: ApprovalState): Promise<Approval> {
      return new Promise<Approval>((resolve, reject) => {
        const off = kubegate.service.subscribe(({ approval }) => {
          if (approval.id === id && approval.state === state) {
            off();
            resolve(approval);
          }
        });
        // The change may have happened before we subscribed.
        void kubegate.service.get(id).then((r) => {
          if (r.ok && r.value.state === state) {
            off();
            resolve(r.value);
          } else if (!r.ok) reject(new Error(`no approval ${id}`));
        });
      });
    },
  });
}

/** kubegate with the Kubernetes ports replaced by doubles: for tests of the approval core and its surfaces. */
export function startCoreKubegate(
  env: Record<string, string> = {},
  options: Omit<KubegateOptions, 'config' | 'logger'> = {},
): Promise<TestKubegate> {
  return startTestKubegate(env, {
    planner: agentTrustingPlanner,
    reader: proposingReader,
    executor: new RecordingExecutor(),
    ...options,
  });
}
