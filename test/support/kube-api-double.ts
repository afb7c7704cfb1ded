/**
 * An in-process Kubernetes API server for tests that both @kubernetes/client-node and /usr/bin/kubectl
 * accept. The implementation lives in ./kube-api-double/; this module is its public surface.
 */
import { opensslPath } from './kube-api-double/tls.ts';

export {
  startKubeApiDouble,
  type KubeApiDouble,
  type KubeApiDoubleOptions,
} from './kube-api-double/server.ts';
export { seedProductionFixture, type ProductionFixture } from './kube-api-double/fixtures.ts';
/** TLS mode needs openssl on the machine; tests skip TLS cases when this is false. */
export const tlsAvailable: boolean = opensslPath !== undefined;
export type { KubeconfigOptions } from './kube-api-double/kubeconfig.ts';
export type {
  Fault,
  InterleavedWrite,
  Interleaving,
  KubeObject,
  RecordedRequest,
} from './kube-api-double/types.ts';
export type { LogLine } from './kube-api-double/store.ts';
export type { Status } from './kube-api-double/status.ts';
