import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import prettier from 'eslint-config-prettier';

/** What the pure search core (src/nas) may not import. */
const PURE_CORE = [
  { group: ['react', 'react-dom', 'react/*'], message: 'src/nas is pure: no React.' },
  { group: ['@tensorflow/*'], message: 'src/nas is pure: no tfjs (put it in src/train).' },
  { group: ['d3', 'd3-*', 'zustand', 'zustand/*'], message: 'src/nas is pure: no UI libraries.' },
  {
    group: ['**/ui/**', '**/train/**', '**/worker/**', '**/store/**', '**/charts/**', '**/data/**'],
    message: 'src/nas imports nothing outside src/nas.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist',
      'node_modules',
      'public',
      '.tsbuild',
      '.gpu',
      'test-results',
      'playwright-report',
      'e2e-artifacts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['scripts/**/*.{js,mjs}', 'bench/**/*.{js,mjs,ts}', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The search core is pure: it runs in Node unit tests, the worker and the UI alike.
    files: ['src/nas/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: PURE_CORE }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'self', 'localStorage'],
    },
  },
  {
    // A strategy's folder is registered by the list, which the generic machinery imports: it may
    // import the core's leaf modules, never that machinery (an import cycle at registration).
    files: ['src/nas/strategies/*/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...PURE_CORE,
            {
              // The list (`..`, `../index`) and the generic modules that read the registry.
              regex:
                '^\\.\\.(/index)?$|^\\.\\./\\.\\./(options|optionTable|optionChecks|configPatch|presets|lessons|compare|search|strategy|qsearch|oneShotRun|runlogSchema|runlogSchemaShape|runlogEvents)$',
              message: 'A strategy folder imports leaf modules only: the generic machinery imports it.',
            },
          ],
        },
      ],
    },
  },
  {
    // Each strategy's views stand alone: one view folder never imports another's.
    files: ['src/ui/strategies/*/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // `../<another strategy>/…`: a sibling folder; `../registry` and `../../…` are fine.
              regex: '^\\.\\./(?!\\.|registry$)[^/]+',
              message: "A strategy's view folder imports no other strategy's views.",
            },
          ],
        },
      ],
    },
  },
  prettier,
);
