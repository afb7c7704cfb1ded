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

/** What a committed change tells listeners happened: a proposal created (or joined by a repeat), or a transition. */
export type ChangeEvent =
  ApprovalEvent | { readonly type: 'create' | 'repeat'; readonly via: Surface; readonly at: string };

/** Every kind of change, as the live event stream names them. */
export const CHANGE_TYPES = [
  'create',
  'repeat',
  'approve',
  'reject',
  'cancel',
  'expire',
  'interrupt',
  'start',
  'finish',
] as const satisfies readonly ChangeEvent['type'][];
