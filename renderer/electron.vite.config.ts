// Build of all three processes. Main is ESM (package.json "type": "module"). Its pure-JS npm
// packages (ws, zod) are devDependencies and so bundled in; only the package.json
// "dependencies" (better-sqlite3, native) stay external and ship in node_modules.
// The main build has more entries than the desktop app's: the `lab` command (out/main/lab.js) and
// web mode (out/main/web.js, `npm start`'s out/main/start.js) run the same bundle in plain Node,
// so none of them needs TypeScript tooling at run time.
// The preload runs sandboxed, where only a CommonJS script that requires nothing but 'electron'
// can load — so it is emitted as index.cjs with its dependencies (zod) bundled in.
// The renderer uses base './' so the same build loads from file:// (desktop) and from the
// web-mode server at any port.
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const fromRoot = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

/**
 * Data files the engine finds with `new URL('./name', import.meta.url)`: once bundled that URL is
 * out/main/name, so the files are emitted there (and ship inside the asar with out/**).
 */
function shipData(files: Record<string, string>): Plugin {
  return {
    name: 'descent-lab:ship-data',
    apply: 'build',
    generateBundle() {
      for (const [fileName, source] of Object.entries(files)) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(fromRoot(source)) });
      }
    },
  };
}

export default defineConfig({
  main: {
    plugins: [shipData({ 'digits.csv.gz': 'main/engine/data/digits.csv.gz' })],
    build: {
      outDir: fromRoot('out/main'),
      externalizeDeps: true,
      // The pool's worker is its own entry: main/engine/pool/entry.ts starts out/main/pool-worker.js
      // when running from the bundle (from sources it goes through a tsx bootstrap instead).
      lib: {
        entry: {
          index: fromRoot('main/app/index.ts'),
          'pool-worker': fromRoot('main/engine/pool/worker.ts'),
          lab: fromRoot('main/cli/index.ts'),
          web: fromRoot('main/server/cli.ts'),
          start: fromRoot('main/start.ts'),
        },
        formats: ['es'],
        fileName: (_format, name) => `${name}.js`,
      },
      // Shared chunks sit beside the entries, so every `new URL('./…', import.meta.url)` in the
      // engine (the digits file, the pool worker, the renderer) resolves from out/main/ alike.
      rolldownOptions: { output: { chunkFileNames: '[name]-[hash].js' } },
    },
  },
  preload: {
    build: {
      outDir: fromRoot('out/preload'),
      externalizeDeps: false,
      lib: { entry: fromRoot('preload/index.ts'), formats: ['cjs'], fileName: () => 'index.cjs' },
    },
  },
  renderer: {
    root: fromRoot('renderer'),
    base: './',
    plugins: [vue()],
    build: {
      outDir: fromRoot('out/renderer'),
      emptyOutDir: true,
      // electron-vite leaves bundles unminified; the renderer ships ECharts, so minify it.
      minify: true,
      // One bundle is right for an offline app loaded from disk or loopback; ECharts alone is ~700 kB.
      chunkSizeWarningLimit: 1500,
      rolldownOptions: { input: fromRoot('renderer/index.html') },
    },
  },
});
