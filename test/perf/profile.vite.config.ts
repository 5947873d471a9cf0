// The renderer built for profiling: unminified, with source maps, into its own folder (never the
// shared out/), so a CPU profile names ECharts', zrender's, Vue's and our own functions and files.
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const fromRoot = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

export default defineConfig({
  root: fromRoot('renderer'),
  base: './',
  plugins: [vue()],
  logLevel: 'warn',
  build: {
    outDir: process.env.PROFILE_RENDERER ?? '/tmp/descent-lab-profile-renderer',
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    chunkSizeWarningLimit: 10_000,
    rollupOptions: { input: fromRoot('renderer/index.html') },
  },
});
