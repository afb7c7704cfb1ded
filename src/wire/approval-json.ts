import type { ApprovalWithQuorum } from '../approvals/quorum.ts';
import { toWireApproval } from './approval.ts';

// A stored record that has not changed is the same object from one list to the next (store/unchanged-records.ts,
// approvals/quorum.ts), so its wire JSON is built once per version and policy, and a pending list is those texts
// joined: an alert storm lists hundreds of open approvals tens of times a second, and re-serialising each one every
// time was the service's largest cost under load.
const serialised = new WeakMap<ApprovalWithQuorum, string>();

/** `toWireApproval(a)` as JSON text. */
export function wireApprovalJson(a: ApprovalWithQuorum): string {
  const cached = serialised.get(a);
  if (cached !== undefined) return cached;
  const json = JSON.stringify(toWireApproval(a));
  serialised.set(a, json);
  return json;
}

/** `{"approvals":[…]}` plus `fields` (serialised after the list), as JSON text. */
export function wireApprovalListJson(
  approvals: readonly ApprovalWithQuorum[],
  fields: Record<string, unknown> = {},
): string {
  const rest = JSON.stringify(fields).slice(1, -1);
  const list = approvals.map(wireApprovalJson).join(',');
  return `{"approvals":[${list}]${rest === '' ? '' : `,${rest}`}}`;
}
