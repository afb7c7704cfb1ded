/**
 * Writes every state of kubegate's Slack messages as Block Kit JSON, to look at them as an on-call would:
 *   npm run slack:preview [-- OUT_DIR]        (default docs/slack-preview/)
 *   node /work/shared/tools/slack-render.mjs --width 390 --out OUT_DIR/png OUT_DIR/*.json
 * Each file is a message, a thread (the message, then its replies) or a view, as slack-render.mjs reads them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WireApproval } from '../src/wire/approval-schema.ts';
import { renderApprovalMessage, type MessageContext } from '../src/slack/blocks.ts';
import { renderHome } from '../src/slack/home.ts';
import { renderPendingPage } from '../src/slack/pending-list.ts';
import { renderDecisionReply, renderExecutingReply, renderFinalReply } from '../src/slack/thread.ts';

const out = process.argv[2] ?? 'docs/slack-preview';
const T = Date.parse('2026-03-14T03:07:00Z');
const at = (minutes: number): string => new Date(T + minutes * 60_000).toISOString();
const ctx: MessageContext = { cluster: 'prod-eu-1', approvers: ['<!subteam^S0SRE000001>', '<@U0ALICE0001>'] };

type Command = WireApproval['commands'][number];
const command = (
  canonical: string,
  risk: Command['risk'],
  preview: string | null,
  extra: Partial<Command> = {},
): Command => ({
  command: canonical,
  canonical,
  namespace: /-n (\S+)/.exec(canonical)?.[1] ?? null,
  read_only: false,
  explanation: 'Restart the pods stuck in CrashLoopBackOff after the 14:02 deploy',
  safety_level: risk === 'dangerous' ? 'DANGEROUS' : 'CAUTION',
  risk,
  risk_reasons: [
    risk === 'dangerous'
      ? 'deletes a pod that nothing recreates'
      : 'restarts every pod of deployment checkout',
  ],
  preview,
  ...extra,
});

const base: WireApproval = {
  id: 'apr_01jqk2m7w3x9c8v5b4n6z2a1s0',
  state: 'pending',
  action: 'Restart checkout: pods OOMKilled since the 14:02 deploy',
  commands: [
    command(
      'kubectl rollout restart deployment/checkout -n shop',
      'change',
      'deployment checkout: its 6 pods will be replaced by a rolling restart',
    ),
  ],
  metadata: {
    severity: 'critical',
    service: 'checkout',
    namespace: 'shop',
    alert_url: 'https://alertmanager.example.com/#/alerts?filter=%7Balertname%3D%22CheckoutOOM%22%7D',
    reasoning: 'Memory climbs 40 MB/min after the deploy; a restart buys time while the leak is found.',
  },
  requester: 'mcp:sre-agent',
  idempotency_key: null,
  digest: 'sha256:9f2c4e1a7b3d5f6e8a0c2b4d6f8e0a1c3e5b7d9f',
  risk_raised_at: null,
  namespace_mismatch: null,
  created_at: at(0),
  expires_at: at(30),
  quorum: { required: 1, approvals: 0, rules: ['default'] },
  created_via: 'mcp',
  ended_by: null,
  decisions: [],
  results: [],
  approved_at: null,
  started_at: null,
  finished_at: null,
  ended_at: null,
  reason: null,
};

const dangerousCommands = [
  command(
    'kubectl delete pod checkout-7d9f-x2k4q -n shop',
    'dangerous',
    'pod checkout-7d9f-x2k4q (Running, 12 restarts, OOMKilled) will be deleted; nothing will recreate it',
  ),
  command(
    'kubectl scale deployment checkout --replicas=2 -n shop',
    'dangerous',
    'deployment checkout: 6 → 2 replicas',
  ),
  command(
    'kubectl cordon node-eu-7',
    'dangerous',
    'node node-eu-7 (Ready, 31 pods) will stop accepting new pods; running pods stay',
  ),
];
const dangerous: WireApproval = {
  ...base,
  commands: dangerousCommands,
  quorum: { required: 2, approvals: 0, rules: ['prod-dangerous'] },
};
const alice = {
  decision: 'approve' as const,
  by: 'slack:U0ALICE0001',
  person: 'alice',
  via: 'slack' as const,
  at: at(4),
  reason: null,
};
const bob = {
  decision: 'approve' as const,
  by: 'slack:U0BOB000001',
  person: 'bob',
  via: 'slack' as const,
  at: at(6),
  reason: null,
};
const oneOfTwo: WireApproval = {
  ...dangerous,
  decisions: [alice],
  quorum: { ...dangerous.quorum, approvals: 1 },
};
const ran = { approved_at: at(6), started_at: at(6), finished_at: at(7) };
const ok = (output: string) => ({
  status: 'succeeded' as const,
  output,
  error: null,
  started_at: at(6),
  finished_at: at(6),
});
const longLog = `${Array.from({ length: 300 }, (_, i) => `I0314 03:13:${String(i % 60).padStart(2, '0')} worker.go:${100 + i}] batch ${i} ok`).join('\n')}\nfatal error: runtime: out of memory`;

const succeeded: WireApproval = {
  ...dangerous,
  ...ran,
  state: 'succeeded',
  decisions: [alice, bob],
  quorum: { ...dangerous.quorum, approvals: 2 },
  results: dangerousCommands.map((c, i) => ({
    command: c.command,
    ...ok(
      ['pod "checkout-7d9f-x2k4q" deleted', 'deployment.apps/checkout scaled', 'node/node-eu-7 cordoned'][
        i
      ] ?? '',
    ),
  })),
};
const failed: WireApproval = {
  ...succeeded,
  state: 'failed',
  results: [
    { command: dangerousCommands[0]!.command, ...ok('pod "checkout-7d9f-x2k4q" deleted') },
    { command: dangerousCommands[1]!.command, ...ok(longLog) },
    {
      command: dangerousCommands[2]!.command,
      status: 'failed',
      output: null,
      error:
        'nodes "node-eu-7" is forbidden: User "system:serviceaccount:kubegate:kubegate" cannot patch resource "nodes"',
      started_at: at(7),
      finished_at: at(7),
    },
  ],
};
const rejected: WireApproval = {
  ...base,
  state: 'rejected',
  decisions: [
    {
      decision: 'reject',
      by: 'slack:U0BOB000001',
      person: 'bob',
      via: 'slack',
      at: at(3),
      reason: 'The leak is in the new cache; rolling back instead (see #inc-2211).',
    },
  ],
  ended_at: at(3),
  reason: 'The leak is in the new cache; rolling back instead (see #inc-2211).',
};
const expired: WireApproval = { ...oneOfTwo, state: 'expired', ended_at: at(30) };
const cancelled: WireApproval = {
  ...base,
  state: 'cancelled',
  ended_by: { by: 'mcp:sre-agent', person: 'mcp:sre-agent', via: 'mcp' },
  ended_at: at(2),
  reason: 'the alert resolved itself',
};
const interrupted: WireApproval = {
  ...base,
  commands: [
    base.commands[0]!,
    command(
      'kubectl set image deployment/checkout checkout=checkout:1.8.2 -n shop',
      'change',
      'deployment checkout: image checkout:1.9.0 → checkout:1.8.2',
    ),
  ],
  state: 'interrupted',
  decisions: [alice],
  quorum: { ...base.quorum, approvals: 1 },
  approved_at: at(4),
  started_at: at(4),
  ended_at: at(5),
  reason: 'kubegate stopped while this was executing; it was not re-run',
};
const twenty: WireApproval = {
  ...base,
  action: 'Look at every worker before scaling',
  commands: Array.from({ length: 20 }, (_, i) =>
    command(`kubectl get pods -n shop -l app=worker-${i}`, 'read', null, {
      read_only: true,
      safety_level: 'SAFE',
      risk_reasons: ['only reads'],
    }),
  ),
};

const thread = (parent: WireApproval, replies: (string | undefined)[]) => {
  const ts = '1773457620.000100';
  return [
    { ...renderApprovalMessage(parent, ctx), ts },
    ...replies
      .filter((r): r is string => r !== undefined)
      .map((text, i) => ({ text, thread_ts: ts, ts: `17734576${21 + i}.000100` })),
  ];
};

const pendingMany = Array.from({ length: 11 }, (_, i) => ({
  approval: {
    ...(i % 3 === 0 ? dangerous : base),
    id: `apr_01jqk2m7w3x9c8v5b4n6z2a1${String(i).padStart(2, '0')}`,
    expires_at: at(5 + i * 3),
    commands: [
      command(
        `kubectl scale deployment svc-${i} --replicas=${i + 2} -n shop`,
        i % 3 === 0 ? 'dangerous' : 'change',
        null,
      ),
    ],
  },
  permalink: `https://example.slack.com/archives/C0APPROVALS/p17734576${20 + i}000100`,
}));

const files: Record<string, unknown> = {
  '01-pending.json': renderApprovalMessage(base, ctx),
  '02-pending-dangerous.json': renderApprovalMessage(dangerous, ctx),
  '03-one-of-two.json': thread(oneOfTwo, [renderDecisionReply(oneOfTwo, alice, ['<!subteam^S0SRE000001>'])]),
  '04-succeeded.json': thread(succeeded, [
    renderDecisionReply(oneOfTwo, alice, ['<!subteam^S0SRE000001>']),
    renderExecutingReply(succeeded),
    renderFinalReply(succeeded, ctx),
  ]),
  '05-failed-partially-applied.json': thread(failed, [
    renderExecutingReply(failed),
    renderFinalReply(failed, ctx),
  ]),
  '06-rejected.json': thread(rejected, [renderFinalReply(rejected, ctx)]),
  '07-expired.json': thread(expired, [renderFinalReply(expired, ctx)]),
  '08-cancelled.json': thread(cancelled, [renderFinalReply(cancelled, ctx)]),
  '09-interrupted.json': thread(interrupted, [
    renderExecutingReply(interrupted),
    renderFinalReply(interrupted, ctx),
  ]),
  '10-pending-20-commands.json': renderApprovalMessage(twenty, ctx),
  '11-k8s-pending-page-1.json': renderPendingPage(pendingMany, 0, 2, ctx),
  '12-k8s-pending-page-2.json': renderPendingPage(pendingMany, 1, 2, ctx),
  '13-home.json': renderHome(
    pendingMany.slice(0, 3),
    1,
    [
      { approval: succeeded, decision: alice },
      { approval: rejected, decision: rejected.decisions[0]! },
    ],
    ctx,
    new Date(T),
  ),
};

await mkdir(out, { recursive: true });
for (const [name, content] of Object.entries(files))
  await writeFile(join(out, name), `${JSON.stringify(content, null, 2)}\n`);
process.stdout.write(`${Object.keys(files).length} Slack message states written to ${out}/\n`);
