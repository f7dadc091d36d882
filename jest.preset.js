// Shared Jest settings for every project. Each project's jest.config.js spreads this and sets its own roots.
const fs = require('node:fs');
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

// Map every `@tessera/*` path alias from tsconfig.base.json so tests import libs exactly as the apps do.
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, path.join(__dirname, target)]),
);

// Each project's test target writes its JSON results here for scripts/test.mjs to add up.
fs.mkdirSync(path.join(__dirname, 'tmp', 'test-results'), { recursive: true });

// jose, openid-client and oauth4webapi ship ESM only; swc turns them into CommonJS for Jest.
const esmOnlyPackages = ['jose', 'openid-client', 'oauth4webapi'];

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnlyPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper,
  testTimeout: 30000,
};
