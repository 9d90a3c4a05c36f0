// TypeScript lint for the library (ts/) and its tests (test/): ESLint's and
// typescript-eslint's recommended rules. Run by the lint suite of `npm test`.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'pkg/', 'ts/generated/', 'target/', 'node_modules/'] },
  {
    files: ['ts/**/*.ts', 'test/**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    rules: {
      // The code's convention for deliberately unused names: a leading underscore,
      // or a rest sibling (`const { returnIndices: _, ...plain } = o`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
);
