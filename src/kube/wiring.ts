import type { CommandReader, Executor, Planner } from '../approvals/ports.ts';
import { hostname } from 'node:os';
import type { Config } from '../config.ts';
import type { Logger } from '../observability/log.ts';
import { createEventRecorder } from './adapters/cluster-record.ts';
import { callApi } from './api/errors.ts';
import { loadCluster, type Cluster } from './api/cluster.ts';
import { createKubeExecutor } from './adapters/executor.ts';
import { noCluster } from './adapters/no-cluster.ts';
import { createKubePlanner } from './adapters/planner.ts';
import { createKubeReader } from './adapters/reader.ts';
import { requestOptions } from './api/request-options.ts';
import { withDeadline } from './api/deadline.ts';

export type KubePorts = {
  readonly planner: Planner;
  readonly reader: CommandReader;
  readonly executor: Executor;
  /** 'ok', 'unreachable: …' or 'disabled: …', for /readyz. */
  readonly check: () => Promise<string>;
  readonly description: string;
  readonly cluster?: Cluster;
};

/** The Kubernetes side of kubegate's ports, or their refusing stand-ins when there is no cluster. */
export function createKubePorts(config: Config, logger?: Logger): KubePorts {
  const loaded = loadCluster({ kubeconfig: config.kubeconfig, context: config.kubeContext });
  if (!loaded.ok) {
    return {
      ...noCluster(loaded.error),
      check: () => Promise.resolve('disabled'),
      description: loaded.error,
    };
  }
  const cluster = loaded.value;
  const timeoutMs = config.executionTimeoutMs;
  const redact = { configMapNamespaces: config.readConfigMapNamespaces };
  return {
    cluster,
    planner: createKubePlanner({ cluster, protectedNamespaces: config.protectedNamespaces, timeoutMs }),
    reader: createKubeReader({ cluster, timeoutMs, redact }),
    executor: createKubeExecutor({
      cluster,
      timeoutMs,
      redact,
      // Inside a pod the hostname is the pod's name: the replica that made the change.
      record: createEventRecorder({
        cluster,
        reportingInstance: hostname(),
        onError: (failure, target) => {
          const reason = failure.message;
          logger?.warn(
            { target: `${target.kind ?? '?'}/${target.name ?? '?'}`, namespace: target.namespace, reason },
            'could not record the change as a Kubernetes Event; the change itself stands',
          );
        },
      }),
    }),
    description: `${cluster.server} (context ${cluster.context})`,
    check: async () => {
      const answered = await callApi(
        () => withDeadline(2000, (signal) => cluster.version.getCode(requestOptions({ signal }))),
        2000,
      );
      return answered.ok ? 'ok' : `unreachable: ${answered.error.message}`;
    },
  };
}
