import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public', '.tsbuild', '.gpu', 'test-results', 'playwright-report', 'e2e-artifacts'] },
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
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'react/*'], message: 'src/nas is pure: no React.' },
            { group: ['@tensorflow/*'], message: 'src/nas is pure: no tfjs (put it in src/train).' },
            { group: ['d3', 'd3-*', 'zustand', 'zustand/*'], message: 'src/nas is pure: no UI libraries.' },
            {
              group: ['**/ui/**', '**/train/**', '**/worker/**', '**/store/**', '**/charts/**', '**/data/**'],
              message: 'src/nas imports nothing outside src/nas.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'self', 'localStorage'],
    },
  },
  prettier,
);
