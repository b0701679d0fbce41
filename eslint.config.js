// npm run lint: ESLint's and typescript-eslint's recommended rules, and the layer table
// (eslint/layers.js, the table of docs/ARCHITECTURE.md). Formatting is Prettier's (npm run format).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './eslint/layers.js';

const nodeGlobals = { process: 'readonly', console: 'readonly', URL: 'readonly' };

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'public/',
      '.cache/',
      'test-results/',
      'playwright-report/',
      'pretrain/',
      'adapters/',
      'rounds/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { selfalign: layers },
    rules: {
      'selfalign/layers': 'error',
      // Errors a user can cause are rethrown as one sentence of our own, on purpose.
      'preserve-caught-error': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.testing.ts', 'e2e/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: nodeGlobals } },
);
