import jsxA11y from 'eslint-plugin-jsx-a11y-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

import layers from './eslint/layers.js';

// Layering, enforced rather than hoped for (see DESIGN.md and eslint/layers.js): each layer of src/
// imports only what its allow-list names, and may not touch the globals of an environment it does
// not run in. The type checker enforces the same through one tsconfig per environment.
const DOM_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'EventSource', 'HTMLElement', 'location', 'alert'];
const NODE_GLOBALS = ['process', 'Buffer', 'require', '__dirname', '__filename', 'global', 'module', 'setImmediate'];
const bannedGlobals = (names, message) => ['error', ...names.map((name) => ({ name, message }))];

export const layeringRules = [
  {
    files: ['src/**/*.{ts,tsx,js,mjs,cjs}'],
    plugins: { layers },
    rules: { 'layers/allowed-imports': 'error' },
  },
  {
    files: ['src/main/**/*.{ts,tsx}', 'src/preload/**/*.{ts,tsx}'],
    rules: { 'no-restricted-globals': bannedGlobals(DOM_GLOBALS, 'Main, core and preload run without a DOM: this global does not exist there.') },
  },
  {
    files: ['src/main/**/*.{ts,tsx}'],
    ignores: ['src/main/core/**', 'src/main/index.ts', 'src/main/ipc.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', importNames: ['ipcMain'], message: 'Only src/main/ipc.ts (and the app entry that hands it over) may touch ipcMain.' }],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-globals': bannedGlobals(
        NODE_GLOBALS,
        'The renderer is a sandboxed web page: Node globals do not exist there; ask main through the contract.',
      ),
    },
  },
  {
    files: ['src/shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-globals': bannedGlobals(
        [...DOM_GLOBALS, ...NODE_GLOBALS, 'fetch'],
        'src/shared runs in main, preload and renderer alike: no Node or DOM globals.',
      ),
    },
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'test/lint-fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Packaging config and electron-builder hooks are CommonJS by necessity (electron-builder requires them).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...layeringRules,
  {
    // The React screens: hooks called by the rules (and their dependencies complete), and the a11y
    // rules a keyboard or screen-reader user relies on. jsx-a11y-x is the maintained fork of
    // eslint-plugin-jsx-a11y that supports ESLint 10 (the original stops at ESLint 9).
    files: ['src/renderer/**/*.{ts,tsx}'],
    ...jsxA11y.configs.recommended,
    plugins: { ...jsxA11y.configs.recommended.plugins, 'react-hooks': reactHooks },
    rules: {
      ...jsxA11y.configs.recommended.rules,
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
