// ESLint flat config: TypeScript everywhere, Vue SFCs in the renderer, formatting left to Prettier.
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import vue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** shared/ modules without zod: the only ones the renderer (and the preload) import values from */
export const PLAIN_SHARED = [
  'channels',
  'training-defaults',
  'training-presets',
  'result',
  'api-builder',
  'human-units',
  'warning-titles',
  'baseline-names',
]

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'test-results/', 'playwright-report/', 'resources/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    files: ['src-renderer/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src-main/**/*.ts', 'e2e/**/*.ts', 'scripts/**/*.ts', '*.config.*', '.ci/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only src-main/electron/ may import Electron.' }] },
      ],
    },
  },
  {
    // The renderer reaches the backend only through stores and `window.api`: no Node, no Electron.
    // From src-main it imports only types (erased at build time) and values from the plain,
    // zod-free modules of shared/, so no schema library lands in its bundle (src-main/build/).
    files: ['src-renderer/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^node:', message: 'The renderer has no Node access.' },
            {
              regex: `src-main/shared/(?!(${PLAIN_SHARED.join('|')})$)`,
              allowTypeImports: true,
              message: `The renderer imports only types from here (\`import type\`); values come from ${PLAIN_SHARED.map((m) => `shared/${m}.ts`).join(', ')}.`,
            },
            {
              regex: 'src-main/(?!shared/)',
              message: 'The renderer imports from src-main only shared/ (types, and the plain modules).',
            },
          ],
          paths: [
            'electron',
            'sqlite3',
            { name: 'zod', message: 'zod stays in the main process (contract.ts).' },
          ],
        },
      ],
    },
  },
  {
    // The plain modules the renderer and the preload may import values from: no zod, and from the
    // rest of src-main only types or other plain modules, so they stay plain.
    files: PLAIN_SHARED.map((m) => `src-main/shared/${m}.ts`),
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^\\./(?!(${PLAIN_SHARED.join('|')})$)`,
              allowTypeImports: true,
              message: 'A plain module imports only types, or values from the other plain modules.',
            },
            { regex: '^\\.\\./', message: 'A plain module imports nothing from outside shared/.' },
          ],
          paths: [
            {
              name: 'zod',
              allowTypeImports: true,
              message: 'Plain modules carry no zod (the renderer imports them).',
            },
          ],
        },
      ],
    },
  },
  { files: ['src-main/electron/**/*.ts', 'e2e/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  prettier,
)
