import type { InputIssue } from './errors.ts';
import type { PlannedCommand, Proposal } from './model.ts';

/**
 * The longest command, in its canonical form, that every surface shows whole. One Slack section holds 3,000
 * characters (https://docs.slack.dev/reference/block-kit/blocks/section-block) and a proposal's every command must be
 * visible there, never clipped; a longer command is refused when proposed rather than shown cut.
 */
export const MAX_SHOWN_COMMAND = 2900;

/** Runs of whitespace shown as one space: 1,300 spaces cannot push the end of a command out of sight. */
export const collapseWhitespace = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The one line approvers read for a command: the canonical operation, or (never parsed) the command collapsed. */
export const shownCommand = (c: Pick<PlannedCommand, 'command' | 'canonical'>): string =>
  collapseWhitespace(c.canonical ?? c.command);

/** Why a planned proposal cannot be shown whole, as input issues (400); empty when it can. */
export function unshowable(commands: readonly PlannedCommand[]): InputIssue[] {
  return commands.flatMap((c, i) => {
    const length = shownCommand(c).length;
    return length <= MAX_SHOWN_COMMAND
      ? []
      : [
          {
            path: `commands.${i}.command`,
            message: `is ${length} characters in canonical form; approvers must see every command whole and the limit is ${MAX_SHOWN_COMMAND}: split it`,
          },
        ];
  });
}

/**
 * The agent's `metadata.namespace` is a label it chose; commands with `-n` run elsewhere. When they differ, every
 * surface says so instead of showing the label as the namespace. Null when they agree (or nothing is namespaced).
 */
export function namespaceMismatch(p: Pick<Proposal, 'commands' | 'metadata'>): string | null {
  const said = p.metadata.namespace;
  if (said === undefined) return null;
  const actual = runNamespaces(p.commands).filter((ns) => ns !== said);
  return actual.length === 0
    ? null
    : `metadata.namespace says ${said}, but the commands run in ${runNamespaces(p.commands).join(', ')}`;
}

/** The namespaces a proposal's commands really run in, in order of first appearance. */
export function runNamespaces(commands: readonly PlannedCommand[]): string[] {
  return [...new Set(commands.flatMap((c) => (typeof c.namespace === 'string' ? [c.namespace] : [])))];
}
