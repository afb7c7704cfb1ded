import { randomBytes } from 'node:crypto';
import { ApprovalIdSchema, type ApprovalId } from './model.ts';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lowercase: no i, l, o, u

/** Time-ordered ids (like ULID): sorting ids sorts by creation, and they are safe in URLs and Slack ids. */
export function newApprovalId(now: Date, random: Uint8Array = randomBytes(16)): ApprovalId {
  let time = '';
  let ms = now.getTime();
  for (let i = 0; i < 10; i++) {
    time = ALPHABET.charAt(ms % 32) + time;
    ms = Math.floor(ms / 32);
  }
  let rand = '';
  for (const byte of random) rand += ALPHABET.charAt(byte % 32);
  return `apr_${time}${rand}` as ApprovalId;
}

/**
 * An approval id as a caller typed it, or undefined when it cannot be one: such an id names no approval, so the
 * core answers `not_found` for it, whatever surface it came through.
 */
export function parseApprovalId(id: string): ApprovalId | undefined {
  const parsed = ApprovalIdSchema.safeParse(id);
  return parsed.success ? parsed.data : undefined;
}
