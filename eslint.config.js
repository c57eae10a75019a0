// ESLint: typescript-eslint with type information (strict-type-checked), no `any`.
// Run with `npm run lint`; `npm run check` runs it together with tsc, dependency-cruiser and prettier.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** The Node.js globals plain JavaScript files here use (TypeScript files get them from @types/node). */
const nodeGlobals = {
  console: 'readonly',
  process: 'readonly',
  URL: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  module: 'writable',
  require: 'readonly',
  __dirname: 'readonly',
};

export default defineConfig(
  globalIgnores(['**/node_modules/', '.tmp/', 'data/', 'docs/', 'coverage/', 'test-results/', 'screenshots/']),

  js.configs.recommended,
  tseslint.configs.strictTypeChecked,

  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // `${count} dossiers` is fine; objects, null and undefined in templates are not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `(x) => doSomething(x)` and Fastify's `return done()` / `return reply.callNotFound()` are
      // common and clear; void values used inside other expressions are still reported.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }],
      // Return-only type parameters (`readJson<T>()`, `db.withTables<T>()`) are a deliberate API style here.
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
      // `while (true)` loops in workers and dispatchers.
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: 'only-allowed-literals' }],
      // Unused names starting with `_` are deliberate (tsc's noUnused* follow the same convention).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Fire-and-forget is allowed only when written out as `void promise`.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      // State machines: a switch over a union must handle every member (or have a default).
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },

  {
    // Tests: `rows[0]!` after an assertion and `expect(obj.method)` are normal there.
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts', 'src/platform/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  {
    // Plain JavaScript (bin/, scripts/*.mjs, config files) is not in tsconfig.json: lint it without types.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: nodeGlobals,
    },
  },
  {
    // Scripts the browser runs (progressive enhancement of the pages): browser globals, classic script.
    files: ['src/platform/html/assets/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { document: 'readonly', window: 'readonly', fetch: 'readonly', AbortController: 'readonly' },
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
