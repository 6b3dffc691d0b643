import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist',
      'node_modules',
      'test-results',
      'playwright-report',
      'bench-results',
      'src/model/fused/generated',
      'asm',
    ],
  },
  {
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    files: ['**/*.{ts,tsx}'],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // flow/ is pure maths: it must not depend on tfjs, React, d3 or the DOM.
    files: ['src/flow/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@tensorflow/*', 'react', 'react-dom', 'd3', '../model/*', '../ui/*'] },
      ],
    },
  },
  {
    // render/ is pure drawing: no React, no tfjs, no state.
    files: ['src/render/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: ['@tensorflow/*', 'react', 'react-dom', '../ui/*', '../state/*', '../worker/*'],
        },
      ],
    },
  },
  {
    // The two pages share the engine (ui/engine, render, state), never each other's folders.
    files: ['src/ui/compare/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['../scene/*'] }] },
  },
  {
    files: ['src/ui/scene/**/*.{ts,tsx}', 'src/ui/engine/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['../compare/*'] }] },
  },
  {
    // model/ is tfjs only: no React, no DOM drawing, no UI.
    files: ['src/model/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['react', 'react-dom', 'd3', '../ui/*'] }],
    },
  },
);
