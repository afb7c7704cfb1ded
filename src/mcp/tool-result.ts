import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ServiceError } from '../approvals/errors.ts';
import { assertNever } from '../approvals/result.ts';
import type { WireApproval } from '../wire/approval-schema.ts';

/**
 * A refusal as a tool result the agent can read and act on: isError and a specific reason. The machine-readable
 * code travels in `_meta`, not structuredContent: clients validate structuredContent against the tool's output
 * schema even on errors, and an error is not an approval.
 */
export function toToolError(e: ServiceError): CallToolResult {
  const message = describeError(e);
  return {
    isError: true,
    content: [{ type: 'text', text: `${message} [${e.code}]` }],
    _meta: { 'kubegate/error': { ...e, message } },
  };
}

function describeError(e: ServiceError): string {
  switch (e.code) {
    case 'invalid_input':
      return `Invalid arguments: ${e.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
    case 'invalid_command':
      return `Command not accepted: ${e.command}: ${e.reason}`;
    case 'preflight_failed':
      return `The cluster check failed for ${e.command}: ${e.reason}`;
    case 'command_failed':
      return `The command failed: ${e.command}: ${e.reason}`;
    case 'not_found':
      return `No approval has the id ${e.id}`;
    case 'not_allowed':
      return `${e.principal} is not among the configured approvers`;
    case 'self_approval':
      return `${e.principal} requested this change (as the same person), and nobody approves their own request: another approver is needed`;
    case 'duplicate_decision':
      return `${e.principal} has already approved this proposal`;
    case 'not_pending':
      return `The approval is ${e.state}; only a pending approval can be decided`;
    case 'expired':
      return 'The approval expired before a decision was made';
    case 'illegal_transition':
      return `Cannot ${e.event} an approval that is ${e.state}`;
    case 'unavailable':
      return `Unavailable: ${e.reason}`;
    case 'tampered':
      return `Approval ${e.id} was changed outside kubegate (its MAC does not verify); it will not be decided or executed`;
    default:
      return assertNever(e);
  }
}

/** One line an agent (or its human) can read without parsing the structure. */
export function summarise(a: WireApproval): string {
  const lines = [`Approval ${a.id}: ${a.state} — ${a.action}`];
  if (a.state === 'pending') {
    lines.push(
      `Waiting for ${a.quorum.required - a.quorum.approvals} more approval(s); expires ${a.expires_at}.`,
    );
  }
  if (a.namespace_mismatch !== null) lines.push(`Warning: ${a.namespace_mismatch}.`);
  if (a.risk_raised_at !== null)
    lines.push('A repeat of this proposal raised its risk; the higher rating stands.');
  // The canonical form, not the agent's raw string: what runs, with whitespace collapsed and the namespace spelled out.
  for (const c of a.commands) lines.push(`- [${c.risk}] ${c.canonical}${c.preview ? ` → ${c.preview}` : ''}`);
  for (const [i, r] of a.results.entries()) {
    lines.push(
      `  ${r.status}: ${a.commands[i]?.canonical ?? r.command}${r.error ? ` — ${r.error}` : r.output ? `\n${r.output}` : ''}`,
    );
  }
  if (a.reason) lines.push(`Reason: ${a.reason}`);
  return lines.join('\n');
}
