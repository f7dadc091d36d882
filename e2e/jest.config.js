const preset = require('../jest.preset.js');

/**
 * Black-box tests of the whole system: the global setup builds Tessera and launches all six processes from
 * dist/ exactly as `npm start` does (on private NATS, a fresh database and its own Redis namespace); every test
 * file talks to it over HTTP (and NATS where a test checks a service directly).
 */
module.exports = {
  ...preset,
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  globalTeardown: '<rootDir>/src/support/global-teardown.ts',
  testTimeout: 60000,
};
