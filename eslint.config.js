// Lint rules, including the layer table of DESIGN.md ("may import") enforced by eslint-plugin-boundaries.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import boundaries from 'eslint-plugin-boundaries'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

const layers = [
  { type: 'shared', pattern: 'src/shared' },
  { type: 'pipeline', pattern: 'src/main/pipeline' },
  { type: 'terminology', pattern: 'src/main/terminology' },
  { type: 'store', pattern: 'src/main/store' },
  { type: 'evaluation', pattern: 'src/main/evaluation' },
  { type: 'main', pattern: 'src/main', mode: 'folder' },
  { type: 'preload', pattern: 'src/preload' },
  { type: 'renderer', pattern: 'src/renderer' },
  { type: 'cli', pattern: 'src/cli' },
  { type: 'test', pattern: 'test' },
  { type: 'bench', pattern: 'bench' },
  { type: 'scripts', pattern: 'scripts' },
]

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'resources/',
      'training/',
      'test-results/',
      'coverage/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.vue'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': layers,
      'boundaries/include': ['src/**/*'],
      'import/resolver': {
        typescript: {
          project: ['tsconfig.node.json', 'tsconfig.web.json'],
          noWarnOnMultipleProjects: true,
        },
      },
    },
    rules: {
      'boundaries/element-types': [
        'error',
        {
          default: 'disallow',
          message: '${file.type} may not import ${dependency.type} (DESIGN.md folder table)',
          rules: [
            { from: 'shared', allow: ['shared'] },
            { from: 'pipeline', allow: ['shared', 'pipeline'] },
            { from: 'terminology', allow: ['shared', 'terminology'] },
            { from: 'store', allow: ['shared', 'store'] },
            { from: 'evaluation', allow: ['shared', 'pipeline', 'evaluation'] },
            { from: 'main', allow: ['shared', 'pipeline', 'terminology', 'store', 'main'] },
            { from: 'preload', allow: ['shared'] },
            { from: 'renderer', allow: ['shared', 'renderer'] },
            {
              from: 'cli',
              allow: ['shared', 'pipeline', 'terminology', 'store', 'evaluation', 'main', 'cli'],
            },
          ],
        },
      ],
      // Only the Electron shell (top-level src/main files) and the preload may touch Electron.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only src/main/*.ts and src/preload may import electron.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/*.ts', 'src/preload/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  prettier,
)
