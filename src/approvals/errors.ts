import type { ApprovalState } from './model.ts';

/** Why the state machine refused an event: values, never thrown. */
export type TransitionError =
  | { readonly code: 'not_pending'; readonly state: ApprovalState }
  | { readonly code: 'expired'; readonly state: 'expired' }
  | { readonly code: 'not_allowed'; readonly principal: string }
  | { readonly code: 'self_approval'; readonly principal: string }
  | { readonly code: 'duplicate_decision'; readonly principal: string }
  | { readonly code: 'illegal_transition'; readonly state: ApprovalState; readonly event: string };

/** Why the service refused a request; every surface maps each code exhaustively. */
export type ServiceError =
  | TransitionError
  | { readonly code: 'not_found'; readonly id: string }
  | { readonly code: 'invalid_input'; readonly issues: readonly InputIssue[] }
  | { readonly code: 'invalid_command'; readonly command: string; readonly reason: string }
  | { readonly code: 'preflight_failed'; readonly command: string; readonly reason: string }
  | { readonly code: 'command_failed'; readonly command: string; readonly reason: string }
  | { readonly code: 'unavailable'; readonly reason: string }
  /** The stored record fails its MAC: it was written by something without the key, so it is never acted on. */
  | { readonly code: 'tampered'; readonly id: string };

export type InputIssue = { readonly path: string; readonly message: string };

export type ServiceErrorCode = ServiceError['code'];
