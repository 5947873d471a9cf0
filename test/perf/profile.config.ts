// Profiles of the page's main thread while a race, a network run and a course section run live
// (`npx playwright test --config test/perf/profile.config.ts`): not part of `npm test`. The renderer
// is built unminified with source maps (profile.vite.config.ts) into its own folder and served by
// a web-mode server of its own, so the shared out/ is not touched.
import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: '*.profile.ts',
  outputDir: '../../test-results/profile',
  globalSetup: './profile-setup.ts',
  timeout: 600_000,
});
