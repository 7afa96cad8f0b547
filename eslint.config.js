// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'data/', '.bench/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      '@typescript-eslint/explicit-function-return-type': [
        'error',
        { allowExpressions: true, allowTypedFunctionExpressions: true },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allow: [{ from: 'lib', name: 'BigInt' }] },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/prefer-for-of': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use a string union, not an enum.' },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts', 'src/data/**/*.ts', 'src/indicators/**/*.ts', 'src/execution/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'The core takes time from a Clock, never the wall clock.',
        },
        { object: 'Math', property: 'random', message: 'Use the seeded generator so runs are reproducible.' },
      ],
    },
  },
  // Which module may import which (the layers, I/O in the pure core, test helpers, cycles) is
  // checked by dependency-cruiser in one place, .dependency-cruiser.js (make architecture-check);
  // ESLint carries no import rules so the two cannot drift apart.
  {
    // src/cli/io.ts is the output boundary: its writers escape control characters, so a hostile
    // file cannot reach the terminal through a message (see src/cli/terminal-text.ts).
    files: ['src/cli/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing/**', 'src/cli/io.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use a string union, not an enum.' },
        {
          selector:
            "CallExpression[callee.property.name='write'][callee.object.property.name=/^(stdout|stderr)$/]",
          message:
            'Print through writeLine, writeText or writeJson (src/cli/io.ts), which escape control characters.',
        },
      ],
    },
  },
  {
    // technicalindicators declares its inputs as classes but documents (and means) plain objects.
    files: ['bench/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-unsafe-class-instance-assignment': 'off' },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { URL: 'readonly', process: 'readonly', console: 'readonly' },
    },
  },
)
