import type { ServiceError } from './errors.ts';
import { parseApprovalId } from './ids.ts';
import type { Approval } from './model.ts';
import { StoreUnavailable, TamperedRecord, type ApprovalStore } from './ports.ts';
import { err, ok, type Result } from './result.ts';

/**
 * A store call whose record failed verification becomes a `tampered` refusal: such a record is never decided,
 * joined or executed. Every other failure (the store is down) stays thrown.
 */
export async function verified<T>(call: () => Promise<T>): Promise<Result<T, ServiceError>> {
  try {
    return ok(await call());
  } catch (e) {
    if (e instanceof TamperedRecord) return err({ code: 'tampered', id: e.id });
    // The store cannot answer now (Redis down or restarting): a refusal with the reason, 503 on HTTP.
    if (e instanceof StoreUnavailable) return err({ code: 'unavailable', reason: e.message });
    throw e;
  }
}

/** The stored approval an id names, as a caller typed the id; a malformed id names none (`not_found`). */
export async function loadApproval(
  store: ApprovalStore,
  id: string,
): Promise<Result<Approval, ServiceError>> {
  const approvalId = parseApprovalId(id);
  if (approvalId === undefined) return err({ code: 'not_found', id });
  const found = await verified(() => store.get(approvalId));
  if (!found.ok) return found;
  return found.value ? ok(found.value) : err({ code: 'not_found', id });
}
