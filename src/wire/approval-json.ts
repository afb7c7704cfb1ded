import type { Approval } from '../approvals/model.ts';
import type { Policy } from '../approvals/policy.ts';
import { toWireApproval } from './approval.ts';

// A stored record that has not changed is the same object from one list to the next (store/unchanged-records.ts),
// so its wire JSON is built once per version and policy, and a pending list is those texts joined: an alert storm
// lists hundreds of open approvals tens of times a second, and re-serialising each one every time was the
// service's largest cost under load.
const serialised = new WeakMap<Approval, { readonly policy: Policy; readonly json: string }>();

/** `toWireApproval(a, policy)` as JSON text. */
export function wireApprovalJson(a: Approval, policy: Policy): string {
  const cached = serialised.get(a);
  if (cached?.policy === policy) return cached.json;
  const json = JSON.stringify(toWireApproval(a, policy));
  serialised.set(a, { policy, json });
  return json;
}

/** `{"approvals":[…]}` plus `fields` (serialised after the list), as JSON text. */
export function wireApprovalListJson(
  approvals: readonly Approval[],
  policy: Policy,
  fields: Record<string, unknown> = {},
): string {
  const rest = JSON.stringify(fields).slice(1, -1);
  const list = approvals.map((a) => wireApprovalJson(a, policy)).join(',');
  return `{"approvals":[${list}]${rest === '' ? '' : `,${rest}`}}`;
}
