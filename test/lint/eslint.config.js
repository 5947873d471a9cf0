// `npm run lint` (first half): ESLint over the whole repository, run from its root with
// `eslint --config test/lint/eslint.config.js .`. What it holds the code to:
// - the layers (STYLE.md, "The house"), by a small rule below that resolves every import:
//   the renderer never imports main/; main/engine/ never imports main/store, main/api, main/app
//   or main/server; preload/ imports nothing from main/ or renderer/; only main/app/ (and the
//   sandboxed preload entry, preload/index.ts, which must) imports 'electron';
// - typescript-eslint's recommended rules and eslint-plugin-vue's essential ones (no type-aware
//   rules: they would need a full type-check per run, which `npm run typecheck` already does);
// - lines of at most 160 characters, long string literals (bilingual messages) and URLs aside.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Which repository folders a file in `from` must not import, and why. Paths are repo-relative, posix. */
const LAYERS = [
  { from: 'renderer/', forbid: ['main/'], why: 'the renderer reaches the main process only through the contract (preload/)' },
  {
    from: 'main/engine/',
    forbid: ['main/store/', 'main/api/', 'main/app/', 'main/server/'],
    why: 'the engine is a library: the store, the API, the app and the server use it, never the reverse',
  },
  { from: 'preload/', forbid: ['main/', 'renderer/'], why: 'the contract is shared by both sides and depends on neither' },
];
/** Where `import … from 'electron'` is allowed. */
const ELECTRON_ALLOWED = ['main/app/', 'preload/index.ts'];

const relative = (file) => path.relative(root, file).split(path.sep).join('/');

/** lab/layers: an import (static, dynamic, re-export, require) that crosses a forbidden boundary. */
const layers = {
  meta: {
    type: 'problem',
    docs: { description: 'Import boundaries between main/, preload/ and renderer/, and where electron may be imported' },
    schema: [],
    messages: {
      layer: '{{from}} must not import {{target}}: {{why}}.',
      electron: "'electron' is imported only in main/app/ (and preload/index.ts); {{from}} is outside them.",
    },
  },
  create(context) {
    const file = relative(context.filename);
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      if (source === 'electron' || source.startsWith('electron/')) {
        if (!ELECTRON_ALLOWED.some((p) => file === p || file.startsWith(p))) context.report({ node, messageId: 'electron', data: { from: file } });
        return;
      }
      if (!source.startsWith('.')) return;
      const target = relative(path.resolve(path.dirname(context.filename), source));
      for (const layer of LAYERS) {
        if (!file.startsWith(layer.from)) continue;
        const hit = layer.forbid.find((p) => target === p.slice(0, -1) || target.startsWith(p));
        if (hit) context.report({ node, messageId: 'layer', data: { from: file, target, why: layer.why } });
      }
    };
    const fromSource = (node) => node.source && check(node.source, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') check(node.arguments[0], node.arguments[0].value);
      },
    };
  },
};

const sources = ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.vue'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**', 'out/**', 'dist/**', 'release/**',
      // Generated: the WebAssembly kernels as base64 (native/build.mjs writes them).
      'native/*-wasm.ts',
      'test/e2e/screenshots/**', 'test/e2e/artifacts/**', 'test-results/**', 'playwright-report/**',
    ],
  },
  {
    files: sources,
    extends: [tseslint.configs.recommended],
    plugins: { lab: { rules: { layers } } },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'lab/layers': 'error',
      'max-len': ['error', { code: 160, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }],
      // `ok && act()` and `cond ? a() : b()` as statements are the house's idiom for a guarded call.
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      // tsc's noUnusedLocals/noUnusedParameters already refuse these, with the `_` convention for kept names.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  ...pluginVue.configs['flat/essential'].map((c) => ({ ...c, files: ['**/*.vue'] })),
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' } },
    rules: {
      // A lab's store owns the reactive draft (renderer/lab/drafts.ts) and hands it to the form
      // components, which edit its fields in place (v-model on `form.lr`, `layers.push(…)`): the
      // store sees every edit and keeps the draft across reloads. Rebinding a prop (`props.form = …`)
      // would silently detach the component from the store, so that stays an error.
      'vue/no-mutating-props': ['error', { shallowOnly: true }],
    },
  },
  {
    // Node scripts (the kernel build, the pool's worker bootstrap): CommonJS globals and require are theirs.
    files: ['**/*.mjs', '**/*.cjs', 'native/build.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
