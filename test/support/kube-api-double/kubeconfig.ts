/** Kubeconfig files pointing kubectl and @kubernetes/client-node at the double. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface KubeconfigOptions {
  namespace?: string;
  /** Defaults to the double's own token; kubectl sends it over HTTPS only. */
  token?: string | undefined;
  /** The cluster's `proxy-url`: client-node sends every request through that proxy. */
  proxyUrl?: string;
}

/**
 * Plain HTTP needs `insecure-skip-tls-verify: true`, or client-node refuses the server; with TLS the CA is
 * embedded so verification is real. The file is JSON, which is valid YAML and what both loaders accept.
 */
export async function writeKubeconfig(
  dir: string,
  server: string,
  caPem: string | undefined,
  opts: KubeconfigOptions,
): Promise<string> {
  const cluster = {
    ...(caPem === undefined
      ? { server, 'insecure-skip-tls-verify': true }
      : { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') }),
    ...(opts.proxyUrl === undefined ? {} : { 'proxy-url': opts.proxyUrl }),
  };
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kube-api-double', cluster }],
    users: [{ name: 'kube-api-double', user: opts.token === undefined ? {} : { token: opts.token } }],
    contexts: [
      {
        name: 'kube-api-double',
        context: {
          cluster: 'kube-api-double',
          user: 'kube-api-double',
          ...(opts.namespace === undefined ? {} : { namespace: opts.namespace }),
        },
      },
    ],
    'current-context': 'kube-api-double',
    preferences: {},
  };
  const path = join(dir, 'kubeconfig');
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return path;
}
