const preset = require('../jest.preset.js');

/**
 * Faults under load: each test file builds Tessera, starts its own throwaway NATS, Redis and Postgres servers
 * (so that it can stop, restart and kill them), launches the stack from dist/ against them, and tears it all
 * down in afterAll. No global setup: nothing is shared between files.
 */
module.exports = {
  ...preset,
  displayName: 'resilience',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  testTimeout: 120000,
};
