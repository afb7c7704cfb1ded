import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  seedProductionFixture,
  startKubeApiDouble,
  type KubeApiDouble,
  type ProductionFixture,
} from './kube-api-double.ts';

export type TestCluster = {
  readonly double: KubeApiDouble;
  readonly fixture: ProductionFixture;
  readonly kubeconfig: string;
  /** Requests the double received with this method (e.g. DELETE), outside server-side dry runs. */
  readonly sent: (method: string, pathPart?: string) => number;
  readonly close: () => Promise<void>;
};

/** The API-server double with the production fixture, and a kubeconfig pointing at it. */
export async function startTestCluster(): Promise<TestCluster> {
  const double = await startKubeApiDouble();
  const fixture = seedProductionFixture(double);
  const kubeconfig = await double.writeKubeconfig(mkdtempSync(join(tmpdir(), 'kubegate-kubeconfig-')));
  return {
    double,
    fixture,
    kubeconfig,
    sent: (method, pathPart = '') =>
      double.requests.filter(
        (r) => r.method === method && r.path.includes(pathPart) && r.query.get('dryRun') === null,
      ).length,
    close: () => double.close(),
  };
}
