import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ApprovalChange } from '../approvals/service.ts';

/** What `GET /metrics` serves. */
export type MetricsExposition = {
  readonly contentType: string;
  readonly metrics: () => Promise<string>;
};

export type Metrics = {
  readonly exposition: MetricsExposition;
  readonly record: (change: ApprovalChange) => void;
  /** A stored approval failed its MAC check (changed outside kubegate). */
  readonly recordTampered: () => void;
};

/** Prometheus metrics fed by the service's changes; the pending gauge asks the store when scraped. */
export function createMetrics(countPending: () => Promise<number>): Metrics {
  const registry = new Registry();
  const proposals = new Counter({
    name: 'kubegate_proposals_total',
    help: 'Proposals created, by surface',
    labelNames: ['surface'],
    registers: [registry],
  });
  const decisions = new Counter({
    name: 'kubegate_decisions_total',
    help: 'Decisions recorded, by outcome (approve, reject, cancel, expire) and surface',
    labelNames: ['outcome', 'surface'],
    registers: [registry],
  });
  const executions = new Counter({
    name: 'kubegate_executions_total',
    help: 'Finished executions, by result (succeeded, failed, interrupted)',
    labelNames: ['result'],
    registers: [registry],
  });
  const decisionSeconds = new Histogram({
    name: 'kubegate_time_to_decision_seconds',
    help: 'Time from proposal to the decision that settled it (approved, rejected)',
    buckets: [5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [registry],
  });
  const tampered = new Counter({
    name: 'kubegate_store_tampered_total',
    help: 'Stored approvals that failed MAC verification (changed outside kubegate) and were refused',
    registers: [registry],
  });
  new Gauge({
    name: 'kubegate_pending_approvals',
    help: 'Proposals waiting for a decision',
    registers: [registry],
    async collect() {
      this.set(await countPending());
    },
  });

  function record({ approval, previous, event }: ApprovalChange): void {
    const surface = 'via' in event ? event.via : 'system';
    if (event.type === 'create') proposals.inc({ surface });
    if (
      event.type === 'approve' ||
      event.type === 'reject' ||
      event.type === 'cancel' ||
      event.type === 'expire'
    ) {
      decisions.inc({ outcome: event.type, surface });
    }
    if (previous?.state === 'pending' && (approval.state === 'approved' || approval.state === 'rejected')) {
      decisionSeconds.observe((Date.parse(event.at) - Date.parse(approval.createdAt)) / 1000);
    }
    if (approval.state === 'succeeded' || approval.state === 'failed' || approval.state === 'interrupted') {
      executions.inc({ result: approval.state });
    }
  }
  // Node's runtime metrics (CPU, memory, event-loop lag, GC) start with the first scrape, not at start: measuring
  // the event loop's lag wakes the process every 10 ms, and every garbage collection runs a histogram update in
  // JS. An agent's own kubegate, which nobody scrapes, paid both for nothing: 100 wake-ups a second while idle,
  // and a share of each MCP call. Prometheus scrapes from the moment a target is up, so a deployment misses only
  // what happened before its first scrape.
  let runtimeMetrics = false;
  const exposition: MetricsExposition = {
    contentType: registry.contentType,
    metrics: () => {
      if (!runtimeMetrics) {
        runtimeMetrics = true;
        collectDefaultMetrics({ register: registry, prefix: 'kubegate_' });
      }
      return registry.metrics();
    },
  };
  return {
    exposition,
    record,
    recordTampered: () => {
      tampered.inc();
    },
  };
}
