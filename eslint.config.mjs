// One lint config for every source folder. The import rules below are the architecture of
// DEVELOPERS.md written down: the trace format sits in the middle, every other part depends on it
// and not on each other. `test/unit/lint/import-rules.test.ts` proves each rule fires.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const layer = (name) => [`**/${name}/**`, `**/${name}`, `../${name}/*`, `../../${name}/*`];
const vscode = { name: 'vscode', message: 'Only src/extension/ may import vscode.' };

const traceIsTheContract = {
  group: ['executor', 'runner', 'cli', 'protocol', 'extension', 'webview'].flatMap(layer),
  message: 'src/trace is the contract: it depends on nothing else in the project.',
};

/** Import bans per folder: what each layer must never reach. */
const bans = {
  'src/trace/**': {
    paths: [vscode],
    patterns: [
      traceIsTheContract,
      {
        group: ['node:*', 'fs', 'path', 'child_process', 'worker_threads'],
        message: 'src/trace is pure: file IO lives in src/trace/node/.',
      },
    ],
  },
  'src/executor/**': {
    paths: [vscode],
    patterns: [
      {
        group: [...layer('runner'), ...layer('cli'), ...layer('protocol'), ...layer('extension'), ...layer('webview')],
        message: 'src/executor imports src/trace only.',
      },
    ],
  },
  'src/runner/**': {
    paths: [vscode],
    patterns: [
      {
        group: [...layer('cli'), ...layer('protocol'), ...layer('extension'), ...layer('webview')],
        message: 'src/runner imports src/trace (and executor paths) only.',
      },
    ],
  },
  'src/cli/**': {
    paths: [vscode],
    patterns: [
      {
        group: [...layer('executor'), ...layer('protocol'), ...layer('extension'), ...layer('webview')],
        message: 'src/cli imports src/runner and src/trace only.',
      },
    ],
  },
  'src/protocol/**': {
    paths: [vscode],
    patterns: [
      {
        group: [
          ...layer('executor'),
          ...layer('runner'),
          ...layer('cli'),
          ...layer('extension'),
          ...layer('webview'),
          'node:*',
        ],
        message: 'src/protocol imports src/trace only.',
      },
    ],
  },
  'src/webview/**': {
    paths: [vscode],
    patterns: [
      {
        group: [...layer('executor'), ...layer('runner'), ...layer('cli'), ...layer('extension'), 'node:*'],
        message: 'src/webview is browser code: it imports src/trace and src/protocol only.',
      },
    ],
  },
  'src/extension/**': {
    patterns: [
      {
        group: [...layer('webview'), ...layer('executor')],
        message: 'The extension host talks to the webview through src/protocol and runs programs through src/runner.',
      },
    ],
  },
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'out/',
      '.vscode-test/',
      '.cache/',
      'test/golden/',
      'test-results/',
      'media/examples/python/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'CallExpression[callee.property.name="only"]', message: 'No focused tests.' },
      ],
    },
  },
  {
    files: ['src/webview/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  ...Object.entries(bans).map(([dir, rule]) => ({ files: [dir], rules: { 'no-restricted-imports': ['error', rule] } })),
  {
    files: ['src/trace/node/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        // The same as src/trace/** without the ban on node builtins: this is where trace file IO lives.
        { paths: [vscode], patterns: [traceIsTheContract] },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
