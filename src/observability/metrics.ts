import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ApprovalChange } from '../approvals/service.ts';

export type Metrics = {
  readonly registry: Registry;
  readonly record: (change: ApprovalChange) => void;
  /** A stored approval failed its MAC check (changed outside kubegate). */
  readonly recordTampered: () => void;
};

/** Prometheus metrics fed by the service's changes; the pending gauge asks the store when scraped. */
export function createMetrics(countPending: () => Promise<number>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kubegate_' });
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
  return {
    registry,
    record,
    recordTampered: () => {
      tampered.inc();
    },
  };
}
