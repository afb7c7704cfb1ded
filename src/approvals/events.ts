import type { Actor, CommandResult, Surface } from './model.ts';

/** Everything that can happen to an approval. Time arrives in the event: the machine never reads a clock. */
export type ApprovalEvent =
  | {
      readonly type: 'approve';
      readonly by: Actor;
      readonly via: Surface;
      readonly at: string;
      readonly comment?: string;
    }
  | {
      readonly type: 'reject';
      readonly by: Actor;
      readonly via: Surface;
      readonly at: string;
      readonly reason: string;
    }
  | {
      readonly type: 'cancel';
      readonly by: Actor;
      readonly via: Surface;
      readonly at: string;
      readonly reason?: string;
    }
  | { readonly type: 'expire'; readonly at: string }
  | { readonly type: 'interrupt'; readonly at: string; readonly reason: string }
  | { readonly type: 'start'; readonly at: string }
  | { readonly type: 'finish'; readonly at: string; readonly results: readonly CommandResult[] };

export type ApprovalEventType = ApprovalEvent['type'];
export type EventOf<T extends ApprovalEventType> = Extract<ApprovalEvent, { type: T }>;

export const APPROVAL_EVENT_TYPES: readonly ApprovalEventType[] = [
  'approve',
  'reject',
  'cancel',
  'expire',
  'interrupt',
  'start',
  'finish',
];
