import type { Response } from 'express';
import type { ServiceError } from '../approvals/errors.ts';
import { assertNever } from '../approvals/result.ts';

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 500 | 503;

/** An RFC 9457 problem detail; extra members (state, issues…) help clients act on it. */
export type Problem = {
  readonly type: string;
  readonly title: string;
  readonly status: ProblemStatus;
  readonly detail: string;
  readonly [extension: string]: unknown;
};

export const problem = (
  status: ProblemStatus,
  slug: string,
  title: string,
  detail: string,
  extra: object = {},
): Problem => ({
  type: `urn:kubegate:problem:${slug}`,
  title,
  status,
  detail,
  ...extra,
});

/** The one place a service refusal becomes an HTTP status. */
export function toProblem(e: ServiceError): Problem {
  switch (e.code) {
    case 'invalid_input':
      return problem(
        400,
        'invalid-input',
        'Invalid input',
        e.issues.map((i) => `${i.path}: ${i.message}`).join('; '),
        {
          issues: e.issues,
        },
      );
    case 'invalid_command':
      return problem(400, 'invalid-command', 'Command not accepted', `${e.command}: ${e.reason}`, {
        command: e.command,
      });
    case 'preflight_failed':
      return problem(
        422,
        'preflight-failed',
        'Command cannot run against the cluster',
        `${e.command}: ${e.reason}`,
        {
          command: e.command,
        },
      );
    case 'command_failed':
      return problem(422, 'command-failed', 'The command failed', `${e.command}: ${e.reason}`, {
        command: e.command,
      });
    case 'not_found':
      return problem(404, 'not-found', 'Unknown approval', `no approval has the id ${e.id}`);
    case 'not_allowed':
      return problem(
        403,
        'not-allowed',
        'Not allowed to decide',
        `${e.principal} is not among the configured approvers`,
      );
    case 'self_approval':
      return problem(
        403,
        'self-approval',
        'Self-approval refused',
        `${e.principal} requested this change (as the same person), and nobody approves their own request: another approver is needed`,
      );
    case 'duplicate_decision':
      return problem(
        409,
        'duplicate-decision',
        'Already decided by you',
        `${e.principal} has already approved this proposal; another approver is needed`,
      );
    case 'not_pending':
      return problem(
        409,
        'not-pending',
        'Not pending',
        `this approval is ${e.state}; only a pending approval can be decided`,
        { state: e.state },
      );
    case 'expired':
      return problem(409, 'expired', 'Expired', 'this approval expired before a decision was made', {
        state: e.state,
      });
    case 'illegal_transition':
      return problem(
        409,
        'illegal-transition',
        'Not possible now',
        `cannot ${e.event} an approval that is ${e.state}`,
        { state: e.state },
      );
    case 'unavailable':
      return problem(503, 'unavailable', 'Unavailable', e.reason);
    case 'tampered':
      // Not retryable and not the caller's fault: the stored record is refused until someone investigates.
      return problem(
        409,
        'tampered',
        'Approval record failed verification',
        `approval ${e.id} was changed outside kubegate (its MAC does not verify); it will not be decided or executed`,
      );
    default:
      return assertNever(e);
  }
}

export function sendProblem(res: Response, p: Problem): void {
  res.status(p.status).type('application/problem+json').json(p);
}
