import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  KubeConfig,
  type AppsV1Api,
  type BatchV1Api,
  type CoreV1Api,
  type EventsV1Api,
  type VersionApi,
} from '@kubernetes/client-node';
import { makeApiClients } from './clients.ts';
import type { RawGet } from './raw-get.ts';
import { err, ok, type Result } from '../../approvals/result.ts';

/** The API clients of one cluster, made once from a kubeconfig. */
export type Cluster = {
  /** Reads as the server answers them (JSON or a Table), never deserialised into model classes. */
  readonly get: RawGet;
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly batch: BatchV1Api;
  /** events.k8s.io/v1: where kubegate records what it did on the objects it changed. */
  readonly events: EventsV1Api;
  readonly version: VersionApi;
  /** Where the API server is, for start-up and readiness messages (never credentials). */
  readonly server: string;
  readonly context: string;
};

export type ClusterSource = {
  readonly kubeconfig?: string | undefined;
  readonly context?: string | undefined;
  /** The paths tried when KUBECONFIG is unset; injected so tests do not depend on the machine. */
  readonly defaultKubeconfig?: string;
  readonly serviceAccountToken?: string;
};

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * KUBECONFIG, else the in-cluster service account (inside a pod), else ~/.kube/config; none of them is not an
 * error for kubegate as a whole, only for the commands that need a cluster.
 */
export function loadCluster(source: ClusterSource): Result<Cluster, string> {
  const kc = new KubeConfig();
  try {
    const fallback = source.defaultKubeconfig ?? join(homedir(), '.kube', 'config');
    if (source.kubeconfig !== undefined) kc.loadFromFile(source.kubeconfig);
    else if (existsSync(source.serviceAccountToken ?? SERVICE_ACCOUNT_TOKEN)) kc.loadFromCluster();
    else if (existsSync(fallback)) kc.loadFromFile(fallback);
    else return err('no kubeconfig found (KUBECONFIG unset, not in a pod, no ~/.kube/config)');
    if (source.context !== undefined) kc.setCurrentContext(source.context);
  } catch (cause) {
    return err(
      `the kubeconfig could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) return err(`the kubeconfig has no cluster for context "${kc.getCurrentContext()}"`);
  return ok({
    ...makeApiClients(kc, cluster.server),
    server: cluster.server,
    context: kc.getCurrentContext(),
  });
}
