// Tests are TypeScript compiled by swc (fast, no type-check: `npm run typecheck` does that).
const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];

const project = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: 'node',
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
  transform: { '^.+\\.ts$': swc },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
  setupFiles: ['<rootDir>/test/helpers/province-data-setup.ts'],
  ...extra,
});

/** @type {import('jest').Config} */
module.exports = {
  // A global option (jest ignores it inside projects): integration tests drive real servers.
  testTimeout: 60_000,
  projects: [
    project('unit'),
    // Real PostgreSQL and Temporal, started once for all integration files (or named by TEST_* env).
    project('integration', {
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
    }),
  ],
};
