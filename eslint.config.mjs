import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Scopes an app may import besides its own: shared libraries only. Apps never import each other. */
const appScopes = ['gateway', 'authorize', 'token', 'userinfo', 'accounts', 'client-registry'];

const TEST_FILES = ['**/test/**/*.ts', '**/*.spec.ts', '**/*.e2e-spec.ts', 'e2e/**/*.ts', 'resilience/**/*.ts'];

/**
 * Nx module boundaries: an app imports its own scope and shared libs; libs import libs; nothing imports an app.
 * Test code may also import the testing lib (private NATS servers, throwaway databases); production code may not.
 */
function boundaries({ testCode }) {
  const testing = testCode ? ['type:testing'] : [];
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      ...appScopes.map((scope) => ({
        sourceTag: `scope:${scope}`,
        onlyDependOnLibsWithTags: [`scope:${scope}`, 'scope:shared'],
      })),
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
      { sourceTag: 'scope:tooling', onlyDependOnLibsWithTags: ['scope:shared'] },
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', ...testing] },
      { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', ...testing] },
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib'] },
      { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
    ],
  };
}

export default [
  { ignores: ['**/dist', '**/node_modules', '**/coverage', '.nx/**', 'tmp/**', 'bench/results/**'] },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries({ testCode: false })],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: TEST_FILES,
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries({ testCode: true })] },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
