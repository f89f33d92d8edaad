// ESLint flat config: JS + typescript-eslint recommended rules, React hooks rules for the app, and the purity
// boundary of src/core (no DOM, React, onnxruntime or Node APIs: it runs in the worker, in Node tests and the CLI).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const pureCore = 'src/core is pure math shared by the browser worker, the Node tests and the CLI';
const browserOnly = ['window', 'document', 'navigator', 'self', 'localStorage', 'sessionStorage', 'fetch', 'ImageData'];
const domDrawing = ['OffscreenCanvas', 'HTMLCanvasElement', 'createImageBitmap', 'requestAnimationFrame'];
const nodeOnly = ['process', 'Buffer', 'require', '__dirname'];

export default defineConfig(
  { ignores: ['dist/', 'train/', 'models/', 'results/', 'test-output/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  { files: ['src/**/*.tsx'], extends: [reactHooks.configs.flat.recommended] },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'react',
                'react/*',
                'react-dom',
                'react-dom/*',
                'onnxruntime-*',
                'zustand',
                'recharts',
                'comlink',
              ],
              message: `${pureCore}: no React, UI or onnxruntime imports.`,
            },
            { group: ['node:*', 'playwright-core'], message: `${pureCore}: no Node-only modules.` },
          ],
          paths: builtinModules.map((name) => ({ name, message: `${pureCore}: no Node-only modules.` })),
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[...browserOnly, ...domDrawing, ...nodeOnly].map((name) => ({
          name,
          message: `${pureCore}: pass data in instead of using the global '${name}'.`,
        })),
      ],
    },
  },
);
