import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { compilePolicy, type PolicyIssue } from './approvals/policy-document.ts';
import { shorthandPolicy, type Policy } from './approvals/policy.ts';
import { err, type Result } from './approvals/result.ts';
import type { Config } from './config.ts';

/**
 * The approval policy in force: POLICY_FILE (YAML, of which JSON is a subset) when set, else the APPROVERS
 * shorthand. Read at start and on SIGHUP; every problem is named by its path in the file.
 */
export function loadPolicy(
  config: Pick<Config, 'policyFile' | 'approvers' | 'dangerousQuorum' | 'singleLocalUser'>,
): Result<Policy, PolicyIssue[]> {
  const selfApproval = config.singleLocalUser ? 'single-local-user' : 'forbidden';
  if (config.policyFile === undefined) {
    return {
      ok: true,
      value: shorthandPolicy({
        approvers: config.approvers,
        dangerousQuorum: config.dangerousQuorum,
        selfApproval,
      }),
    };
  }
  let text: string;
  try {
    text = readFileSync(config.policyFile, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return err([{ path: '(file)', message: `cannot read ${config.policyFile} (${code})` }]);
  }
  let document: unknown;
  try {
    // `uniqueKeys` (the default) refuses a key given twice, which would otherwise silently drop a rule.
    document = parse(text, { prettyErrors: true });
  } catch (error) {
    return err([
      {
        path: '(file)',
        message: `not valid YAML or JSON: ${error instanceof Error ? error.message : String(error)}`,
      },
    ]);
  }
  return compilePolicy(document, { source: `POLICY_FILE=${config.policyFile}`, selfApproval });
}
