// The import rules of docs/ARCHITECTURE.md ("Layout"), checked by `npm run check:imports`
// (depcruise src --config .dependency-cruiser.cjs).
//
//   - platform/ never imports a module or the composition root (app.ts, main.ts);
//   - a module reaches another module only through that module's index.ts;
//   - model.ts and policy.ts (also model.ts in sub-capability folders) stay free of I/O;
//   - no circular imports (at run time; type-only cycles are harmless and allowed).
// Tests (`*.test.ts(x)`) may import anything, except that they too must not form cycles.

/** Platform folders that are pure (no I/O) and so usable from model.ts and policy.ts. */
const PURE_PLATFORM = ['time', 'ids'];

const TEST_FILE = '\\.test\\.tsx?$';
// (dependency-cruiser refuses regular expressions with nested quantifiers, hence `([^/]+/|)`.)
const MODEL_OR_POLICY = '^src/modules/([^/]+)/([^/]+/|)(model|policy)\\.tsx?$';
const IO_PACKAGES =
  '(^|/)node_modules/(fastify|@fastify/[^/]+|fastify-[^/]+|kysely|pg|pg-[^/]+|better-sqlite3|@types/(pg|better-sqlite3))/';
const IO_CORE = '^(node:)?(fs|fs/promises|http|https|http2|net|tls|dgram|dns|child_process|cluster|worker_threads|readline)$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-testing-in-production',
      comment: 'The test harness (platform/testing) is for tests, benchmarks and scripts only.',
      severity: 'error',
      from: { path: '^src/', pathNot: [TEST_FILE, '^src/platform/testing/', '^src/openapi\\.ts$'] },
      to: { path: '^src/platform/testing/' },
    },
    {
      name: 'platform-not-to-modules',
      comment:
        'platform/ holds mechanisms shared by all modules and knows none of them (ARCHITECTURE.md, Layout). ' +
        'The one exception is the test harness platform/testing/app.ts, which starts the whole composed app for tests ' +
        'and is never imported by production code (see the rule no-testing-in-production).',
      severity: 'error',
      from: { path: '^src/platform/', pathNot: [TEST_FILE, '^src/platform/testing/app\\.ts$'] },
      to: { path: ['^src/modules/', '^src/(?:app|main)\\.tsx?$'] },
    },
    {
      name: 'modules-not-to-app',
      comment: 'app.ts is the composition root; modules do not import it (or main.ts).',
      severity: 'error',
      from: { path: '^src/modules/', pathNot: TEST_FILE },
      to: { path: '^src/(?:app|main)\\.tsx?$' },
    },
    {
      name: 'module-only-through-index',
      comment: 'Another module is reached only through its index.ts (its public surface); import that instead.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/', pathNot: TEST_FILE },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.tsx?$'] },
    },
    {
      name: 'model-policy-no-io',
      comment:
        'model.ts and policy.ts hold pure rules: no database, HTTP or file system code, not even types from it ' +
        '(platform/db, platform/http, fastify, kysely, pg, better-sqlite3, node:fs, node:http, ...).',
      severity: 'error',
      from: { path: MODEL_OR_POLICY },
      to: { path: ['^src/platform/(?:db|http)/', IO_PACKAGES, IO_CORE] },
    },
    {
      name: 'model-policy-pure-imports',
      comment:
        'model.ts and policy.ts import (at run time) only pure files of their own module (model, policy and helpers; ' +
        `not index, service, store, routes or pages) and pure platform folders (${PURE_PLATFORM.join(', ')}). ` +
        'Type-only imports are allowed; the other rules still apply to them.',
      severity: 'error',
      from: { path: MODEL_OR_POLICY },
      to: {
        path: '^src/',
        pathNot: [
          '^src/modules/$1/([^/]+/|)(?!(index|service|store|routes|pages)\\.tsx?$)[^/]+$',
          `^src/platform/(?:${PURE_PLATFORM.join('|')})/`,
          // Pure files inside platform folders that also hold I/O.
          '^src/platform/[^/]+/model\\.ts$',
        ],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'no-circular',
      comment: 'Circular imports break ES module initialisation order; move the shared part into its own file.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'This import does not resolve to a file or package (typo, missing extension or missing dependency).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      comment: 'This package is not in package.json (it only works because something else pulls it in).',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-dev-dep',
      comment: 'Application code runs in production, where devDependencies are not installed.',
      severity: 'error',
      from: { path: '^src/', pathNot: [TEST_FILE, '^src/platform/testing/'] },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'], pathNot: ['node_modules/@types/'] },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    moduleSystems: ['es6', 'cjs'],
    // Include `import type` so type-only imports are seen (and can be told apart in the rules).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
