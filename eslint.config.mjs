// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
/** Cairn owns its transport (shared/sync/room/); y-webrtc and simple-peer stay only for the interop tests' stock peers. */
const foreignTransports = ['y-webrtc', 'simple-peer', 'simple-peer/simplepeer.min.js'];
const transportMessage = 'Cairn has its own WebRTC provider (shared/sync/room/): y-webrtc and simple-peer are for the interop tests only.';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'bench/results/**', 'test-results/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  // Layer boundaries (see docs/architecture.md, "The parts"): shared/ runs anywhere, so it may not
  // reach for the DOM, React, Electron or Node; renderer/ never imports electron/.
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...[...nodeBuiltins, 'electron', 'react', 'react-dom', 'zustand', 'y-indexeddb'].map((name) => ({
              name,
              message: 'shared/ runs anywhere: no Node built-ins, Electron, React or browser persistence here.',
            })),
            ...foreignTransports.map((name) => ({ name, message: transportMessage })),
          ],
          patterns: [{ group: ['**/renderer/**', '**/electron/**'], message: 'shared/ may not import renderer/ or electron/.' }],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'indexedDB', 'navigator', 'process', 'require'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...[...nodeBuiltins, 'electron'].map((name) => ({ name, message: 'renderer/ runs in a browser: no Node or Electron.' })),
            { name: 'y-indexeddb', message: 'The window owns its IndexedDB storage (renderer/state/idbPersistence.ts); y-indexeddb is only a test fixture.' },
            ...foreignTransports.map((name) => ({ name, message: transportMessage })),
          ],
          patterns: [{ group: ['**/electron/**'], message: 'renderer/ talks to the shell only through window.cairn (renderer/platform).' }],
        },
      ],
    },
  },
  {
    // Components render store selectors and call domain commands; Yjs stays in the session layer.
    files: ['renderer/features/**/*.{ts,tsx}', 'renderer/ui/**/*.{ts,tsx}', 'renderer/app/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...['yjs', 'y-indexeddb', 'electron', ...nodeBuiltins].map((name) => ({
              name,
              message: 'Components never touch Yjs or the shell directly: use the workspace session and commands.',
            })),
            ...foreignTransports.map((name) => ({ name, message: transportMessage })),
          ],
          patterns: [{ group: ['**/electron/**'], message: 'renderer/ never imports electron/.' }],
        },
      ],
    },
  },
  // Features never import each other, nor the shell that composes them: what two features share
  // lives in state/ (stores, actions, navigation) or ui/ (components, formatting); the shell in app/
  // composes the features. state/ and ui/ import neither features nor app/.
  ...[
    { files: ['renderer/features/**/*.{ts,tsx}'], yjs: true, siblings: true },
    { files: ['renderer/ui/**/*.{ts,tsx}'], yjs: true, siblings: false },
    { files: ['renderer/state/**/*.{ts,tsx}'], yjs: false, siblings: false },
  ].map(({ files, yjs, siblings }) => ({
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...[...(yjs ? ['yjs'] : []), 'y-indexeddb', 'electron', ...nodeBuiltins].map((name) => ({
              name,
              message: 'Components never touch Yjs or the shell directly: use the workspace session and commands.',
            })),
            ...foreignTransports.map((name) => ({ name, message: transportMessage })),
          ],
          patterns: [
            { group: ['**/electron/**'], message: 'renderer/ never imports electron/.' },
            ...(siblings
              ? [{ regex: '^\\.\\./(?!\\.\\.)[^/]+/', message: 'Features never import each other: move what they share to renderer/state or renderer/ui.' }]
              : []),
            { group: ['**/app/*', '**/features/**'], message: 'Only the shell (renderer/app) composes features; features, state/ and ui/ never import app/ or features/.' },
          ],
        },
      ],
    },
  })),
  {
    files: ['electron/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'build/**/*.mjs', 'build/**/*.cjs', 'bin/**/*.cjs', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['electron/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: foreignTransports.map((name) => ({ name, message: transportMessage })) }] },
  },
  {
    // electron/ holds four programs' code: only main/ is the Electron main
    // process; cli/, server/ and common/ are plain Node and never reach into it.
    files: ['electron/cli/**/*.ts', 'electron/server/**/*.ts', 'electron/common/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only electron/main runs in Electron.', allowTypeImports: true }],
          patterns: [{ group: ['**/main/*'], message: 'cli/, server/ and common/ never import the Electron main process (electron/main).' }],
        },
      ],
    },
  },
  {
    files: ['bin/**/*.cjs', 'build/**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
