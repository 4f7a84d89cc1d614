import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// Layering, enforced rather than hoped for (see DESIGN.md): folders name the environment their
// code runs in, and these rules forbid reaching across.
const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const mainOrPreload = ['**/main/**', '**/preload/**', '../main/*', '../preload/*'];

export const layeringRules = [
  {
    files: ['src/main/core/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'src/main/core runs under plain Node (tests, browser mode): take what you need as a dependency instead.' }],
        patterns: [{ group: ['electron/*', '**/renderer/**', '**/preload/**'], message: 'Core imports neither Electron, the renderer nor the preload.' }],
      }],
    },
  },
  {
    files: ['src/main/**/*.{ts,tsx}'],
    ignores: ['src/main/core/**', 'src/main/index.ts', 'src/main/ipc.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', importNames: ['ipcMain'], message: 'Only src/main/ipc.ts (and the app entry that hands it over) may touch ipcMain.' }],
        patterns: [{ group: ['**/renderer/**', '**/preload/**'], message: 'Main does not import the renderer or the preload.' }],
      }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, 'electron'].map((name) => ({ name, message: 'The renderer is a sandboxed web page: it reaches main only through the contract.' })),
        patterns: [{ group: mainOrPreload, message: 'The renderer imports only src/shared and itself.' }],
      }],
    },
  },
  {
    files: ['src/shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, 'electron', 'react', 'react-dom'].map((name) => ({ name, message: 'src/shared runs in main, preload and renderer alike: no Node, DOM or Electron APIs.' })),
        patterns: [{ group: ['**/main/**', '**/renderer/**', '**/preload/**', 'react-dom/*'], message: 'src/shared imports nothing outside itself but zod.' }],
      }],
      'no-restricted-globals': ['error',
        ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'fetch', 'EventSource', 'process', 'Buffer', 'require', '__dirname']
          .map((name) => ({ name, message: 'src/shared must not use Node or DOM globals.' })),
      ],
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
);
