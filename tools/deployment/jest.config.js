const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'deployment', rootDir: __dirname, testMatch: ['<rootDir>/**/*.spec.ts'] };
