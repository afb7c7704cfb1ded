// @ts-check
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nodePlugin from 'eslint-plugin-n';

const noShell = {
  name: 'node:child_process',
  message: 'kubegate runs nothing through a shell or a kubectl binary: use @kubernetes/client-node.',
};

const coreBans = [
  { name: 'express', message: 'The approval core is pure: HTTP belongs in src/http.' },
  { name: 'keyv', message: 'The approval core is pure: storage belongs in src/store behind ApprovalStore.' },
];
const corePatterns = [
  { group: ['@slack/*'], message: 'The approval core is pure: Slack belongs in src/slack.' },
  {
    group: ['@kubernetes/*'],
    message: 'The approval core is pure: Kubernetes belongs in src/kube behind Executor.',
  },
  { group: ['@modelcontextprotocol/*'], message: 'The approval core is pure: MCP belongs in src/mcp.' },
  { group: ['@keyv/*'], message: 'The approval core is pure: storage belongs in src/store.' },
];

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/'] },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { n: nodePlugin },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'n/prefer-node-protocol': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-console': 'error',
      // A production install (npm ci --omit=dev, the Dockerfile, the packed tarball) has only `dependencies`:
      // src/ may import nothing else. no-extraneous-import catches a package missing from package.json;
      // no-unpublished-import catches a devDependency. It skips private packages unless told otherwise, and judges
      // a file by where it is published, so src/X.ts is mapped onto the dist/X.js that package.json `files` ships.
      'n/no-extraneous-import': 'error',
      'n/no-unpublished-import': [
        'error',
        {
          ignorePrivate: false,
          convertPath: [{ include: ['src/**/*.ts'], replace: ['^src/(.+)\\.ts$', 'dist/$1.js'] }],
        },
      ],
      'no-restricted-imports': ['error', { paths: [noShell, { ...noShell, name: 'child_process' }] }],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Only src/config.ts reads the environment: take a Config.',
        },
      ],
    },
  },
  {
    // client-node's generated models are classes used as plain data shapes (the API returns them as plain JSON).
    files: ['src/kube/**/*.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-class-instance-assignment': 'off' },
  },
  {
    // The web page's browser module, served as it is (no build step): plain JavaScript, linted without type information.
    files: ['src/web/assets/**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'location',
          'sessionStorage',
          'localStorage',
          'fetch',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'queueMicrotask',
          'URLSearchParams',
          'TextDecoderStream',
          'Node',
          'AbortController',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    files: ['src/config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['src/approvals/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noShell, { ...noShell, name: 'child_process' }, ...coreBans], patterns: corePatterns },
      ],
    },
  },
  {
    // kubegate's kubectl command model (parse, classify, risk, redaction) is security logic: pure like the approval core, so
    // every refusal can be unit-tested as data, and above the API layer, never beside it.
    files: ['src/kube/command/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noShell, { ...noShell, name: 'child_process' }, ...coreBans],
          patterns: [
            ...corePatterns.map((p) => ({
              ...p,
              message: p.group.includes('@kubernetes/*')
                ? 'The kubectl command model is pure: client-node belongs in src/kube/api.'
                : p.message.replace('The approval core', 'The kubectl command model'),
            })),
            {
              group: ['node:*'],
              message: 'The kubectl command model is pure: I/O belongs in src/kube/api or src/kube/adapters.',
            },
            {
              group: ['../api/*', '../adapters/*', '../printers/*', '../wiring.ts'],
              message:
                'The kubectl command model is the bottom layer of src/kube: the other layers import it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tests read JSON answers loosely on purpose: the assertions are the type check.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', name: ['test', 'describe', 'it', 'suite'], package: 'node:test' },
          ],
        },
      ],
    },
  },
);
