import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import nodePlugin from 'eslint-plugin-n';

const root = fileURLToPath(new URL('../..', import.meta.url));
const RULES = ['n/no-extraneous-import', 'n/no-unpublished-import'] as const;

/**
 * The two rules that keep a production install startable, with exactly the options eslint.config.js gives src/.
 * Linting a probe proves they are live: eslint-plugin-n skips private packages by default, and without the
 * src → dist path mapping it would judge src/ unpublished and check nothing.
 */
async function lintSrcProbe(code: string): Promise<string[]> {
  const probe = `${root}src/probe.ts`;
  const effective =
    ((await new ESLint({ cwd: root }).calculateConfigForFile(probe)) as Linter.Config).rules ?? {};
  const rules: Linter.RulesRecord = {};
  for (const rule of RULES) {
    const setting = effective[rule];
    assert.ok(setting !== undefined, `eslint.config.js sets ${rule} for src/`);
    rules[rule] = setting;
  }
  const severity = (rule: (typeof RULES)[number]) => [rules[rule]].flat()[0];
  for (const rule of RULES)
    assert.ok(severity(rule) === 2 || severity(rule) === 'error', `${rule} is an error in src/`);
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { n: nodePlugin }, rules },
    ],
  });
  const [result] = await eslint.lintText(code, { filePath: probe });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

test('lint refuses a devDependency imported by src/ (it is gone in a production install)', async () => {
  assert.deepEqual(await lintSrcProbe("import fc from 'fast-check';\nexport const x = fc;\n"), [
    'n/no-unpublished-import: "fast-check" is not published.',
  ]);
});

test('lint refuses a package src/ imports without declaring it (installed only as a dependency of another)', async () => {
  assert.deepEqual(await lintSrcProbe("import { load } from 'js-yaml';\nexport const x = load;\n"), [
    'n/no-extraneous-import: "js-yaml" is extraneous.',
  ]);
});

test('lint accepts declared runtime dependencies and node: built-ins', async () => {
  assert.deepEqual(
    await lintSrcProbe(
      "import { z } from 'zod';\nimport { stringify } from 'yaml';\nimport { join } from 'node:path';\nexport const x = [z, stringify, join];\n",
    ),
    [],
  );
});
