import type { Kind } from '../command/model.ts';
import { isClusterScoped } from '../command/kinds.ts';
import { alignTabs, GET_STOPS } from './align.ts';
import type { Printer } from './printer.ts';
import {
  configMapPrinter,
  eventPrinter,
  namespacePrinter,
  nodePrinter,
  servicePrinter,
} from './table-cluster.ts';
import { podPrinter } from './table-pods.ts';
import {
  cronJobPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  jobPrinter,
  replicaSetPrinter,
  statefulSetPrinter,
} from './table-workloads.ts';

/** How one `kubectl get` table is laid out; `namespace` only words the empty answer. */
export type TableOptions = { wide: boolean; now: Date; allNamespaces: boolean; namespace?: string };

const PRINTERS: Readonly<Record<Kind, Printer>> = {
  pod: podPrinter,
  deployment: deploymentPrinter,
  replicaset: replicaSetPrinter,
  statefulset: statefulSetPrinter,
  daemonset: daemonSetPrinter,
  service: servicePrinter,
  node: nodePrinter,
  namespace: namespacePrinter,
  event: eventPrinter,
  configmap: configMapPrinter,
  job: jobPrinter,
  cronjob: cronJobPrinter,
};

/**
 * The table `kubectl get` prints for these objects, without a trailing newline. With `-A` a namespaced kind gets
 * a NAMESPACE column first; cluster-scoped kinds never do, as in kubectl.
 */
export function renderTable(kind: Kind, items: readonly object[], opts: TableOptions): string {
  if (items.length === 0) return noResources(kind, opts);
  const printer = PRINTERS[kind];
  const withNamespace = opts.allNamespaces && !isClusterScoped(kind);
  const context = { now: opts.now, wide: opts.wide };
  const header = [
    ...(withNamespace ? ['NAMESPACE'] : []),
    ...(opts.wide ? printer.wideHeaders : printer.headers),
  ];
  const rows = items.map((item) => [
    ...(withNamespace ? [namespaceOf(item)] : []),
    ...printer.cells(item, context),
  ]);
  return alignTabs([header, ...rows].map((cells) => cells.map(flatten).join('\t')).join('\n'), GET_STOPS);
}

/** kubectl's stderr line for an empty list, returned as the answer itself. */
function noResources(kind: Kind, opts: TableOptions): string {
  const scoped = !opts.allNamespaces && !isClusterScoped(kind) && opts.namespace !== undefined;
  return scoped ? `No resources found in ${opts.namespace} namespace.` : 'No resources found';
}

function namespaceOf(item: object): string {
  return (item as { metadata?: { namespace?: string } }).metadata?.namespace ?? '';
}

// A tab or newline inside a cell (event messages carry both) would break the columns.
function flatten(cell: string): string {
  return cell.replace(/[\t\r\n]+/g, ' ');
}
