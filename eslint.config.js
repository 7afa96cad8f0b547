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
  {
    // Dependencies point inward: domain ← data ← cli (see docs/architecture.md).
    files: ['src/domain/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../data/*', '../cli/*', '../*/data/*', '../*/cli/*'],
              message: 'The domain imports nothing outside itself.',
            },
            {
              group: ['node:*', 'fs', 'path', 'commander', 'hyparquet*'],
              message: 'The domain does no I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/data/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../cli/*', '../../cli/*', 'commander', 'cli-progress'],
              message: 'The data layer knows nothing of the CLI.',
            },
          ],
        },
      ],
    },
  },
  {
    // Indicators are pure computation: no I/O, no CLI; they read bar series and resampling only.
    files: ['src/indicators/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/cli/*', 'commander', 'cli-progress'],
              message: 'Indicators know nothing of the CLI.',
            },
            {
              group: ['node:*', 'fs', 'path', '**/data/csv/*', '**/data/parquet/*', '**/data/bar-file.ts'],
              message: 'Indicators do no I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    // The execution core is pure; its one file adapter is the journal (src/execution/journal).
    files: ['src/execution/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing/**', 'src/execution/journal/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/cli/*', '**/indicators/*', 'commander', 'cli-progress'],
              message: 'The execution core imports neither the CLI nor indicators.',
            },
            {
              group: ['node:*', 'fs', 'path', '**/data/csv/*', '**/data/parquet/*'],
              message: 'The execution core does no I/O; the journal adapter does.',
            },
          ],
        },
      ],
    },
  },
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
