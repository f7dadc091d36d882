const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'profile-cache',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts', '<rootDir>/**/*.e2e-spec.ts'],
};
