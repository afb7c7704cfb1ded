import express from 'express';
import * as z from 'zod';
import { RISKS, SAFETY_LEVELS } from '../approvals/model.ts';
import { displayPerson, type Policy, type PolicyRule } from '../approvals/policy.ts';
import { ProposalInputSchema, type ProposalInput } from '../approvals/proposal-schema.ts';
import { toInputIssues } from '../approvals/input-issues.ts';
import type { ApprovalService } from '../approvals/service.ts';
import { sendProblem, toProblem } from './problem.ts';

/** One command (`{"command": "kubectl scale …"}`) or a whole proposal, as POST /api/approvals takes it. */
export const ExplainBodySchema = z.union([
  z.strictObject({
    command: z.string().trim().min(1, 'command must not be empty').max(4096),
    namespace: z
      .string()
      .trim()
      .min(1)
      .max(63)
      .optional()
      .describe('the namespace a command without -n runs in (default: default)'),
    safety_level: z
      .enum(SAFETY_LEVELS)
      .default('SAFE')
      .describe("the agent's own rating, which can only raise kubegate's"),
  }),
  ProposalInputSchema,
]);

const names = z.array(z.string());

export const WirePolicySchema = z.object({
  source: z.string().describe('POLICY_FILE=path, or the APPROVERS shorthand'),
  self_approval: z.string(),
  people: z.record(z.string(), names).describe('person → identities (one person, one vote)'),
  rules: z.array(
    z.object({
      name: z.string(),
      match: z.object({
        namespaces: names.optional(),
        verbs: names.optional(),
        kinds: names.optional(),
        risk: z.array(z.enum(RISKS)).optional(),
      }),
      approvers: names.describe('people, identities, or * (anyone authenticated but the requester)'),
      quorum: z.number().int(),
      ttl_seconds: z.number().int().nullable(),
    }),
  ),
});

export const ExplanationSchema = z.object({
  rules: names.describe('the rules that apply, in order'),
  quorum: z.number().int().describe('distinct people who must approve'),
  approvers: z.array(names).describe('one list per matched rule: a decider must be in every one'),
  ttl_seconds: z.number().int().nullable(),
  commands: z.array(
    z.object({
      command: z.string(),
      canonical: z.string(),
      namespace: z.string().nullable(),
      verb: z.string().nullable(),
      kind: z.string().nullable(),
      risk: z.enum(RISKS),
      risk_reasons: names,
      rule: z.string().nullable().describe('the rule this command matched'),
    }),
  ),
});

const toProposal = (body: z.infer<typeof ExplainBodySchema>): ProposalInput =>
  'commands' in body
    ? body
    : {
        action: 'policy explain',
        commands: [{ command: body.command, explanation: 'policy explain', safety_level: body.safety_level }],
        metadata: body.namespace === undefined ? {} : { namespace: body.namespace },
      };

const wireApprovers = (approvers: readonly string[]): string[] => approvers.map(displayPerson);
const seconds = (ms: number | undefined): number | null => (ms === undefined ? null : Math.round(ms / 1000));

const wireRule = (rule: PolicyRule) => ({
  name: rule.name,
  match: {
    ...(rule.match.namespaces ? { namespaces: [...rule.match.namespaces] } : {}),
    ...(rule.match.verbs ? { verbs: [...rule.match.verbs] } : {}),
    ...(rule.match.kinds ? { kinds: [...rule.match.kinds] } : {}),
    ...(rule.match.risk ? { risk: [...rule.match.risk] } : {}),
  },
  approvers: wireApprovers(rule.approvers),
  quorum: rule.quorum,
  ttl_seconds: seconds(rule.ttlMs),
});

/** The effective policy: who counts as whom, and the rules in order. It holds identities, never credentials. */
export const toWirePolicy = (policy: Policy): z.infer<typeof WirePolicySchema> => ({
  source: policy.source,
  self_approval:
    policy.selfApproval === 'single-local-user'
      ? 'allowed (single local user: no tokens, no Slack)'
      : 'forbidden',
  people: Object.fromEntries(Object.entries(policy.people).map(([person, ids]) => [person, [...ids]])),
  rules: policy.rules.map(wireRule),
});

/** GET /api/policy and POST /api/policy/explain: what applies, without proposing anything. */
export function policyRouter({ service }: { readonly service: ApprovalService }): express.Router {
  const router = express.Router();

  router.get('/policy', (_req, res) => {
    res.json(toWirePolicy(service.policy()));
  });

  router.post('/policy/explain', async (req, res) => {
    const parsed = ExplainBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      sendProblem(res, toProblem({ code: 'invalid_input', issues: toInputIssues(parsed.error) }));
      return;
    }
    const explained = await service.explain(toProposal(parsed.data));
    if (!explained.ok) {
      sendProblem(res, toProblem(explained.error));
      return;
    }
    const { commands, requirements } = explained.value;
    const explanation: z.infer<typeof ExplanationSchema> = {
      rules: [...requirements.rules],
      quorum: requirements.quorum,
      // A decider must be in every list: one per matched rule.
      approvers: requirements.approvers.map(wireApprovers),
      ttl_seconds: seconds(requirements.ttlMs),
      commands: commands.map((c, i) => ({
        command: c.command,
        canonical: c.canonical ?? c.command,
        namespace: c.namespace ?? null,
        verb: c.verb ?? null,
        kind: c.kind ?? null,
        risk: c.risk,
        risk_reasons: [...c.riskReasons],
        rule: requirements.commandRules[i] ?? null,
      })),
    };
    res.json(explanation);
  });

  return router;
}
