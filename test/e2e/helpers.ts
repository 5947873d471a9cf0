// What every web-mode spec needs: the server's URL (from global-setup.ts) and the page's errors.
import type { Page } from '@playwright/test';

export function appUrl(): string {
  const url = process.env.DESCENT_LAB_URL;
  if (!url) throw new Error('DESCENT_LAB_URL is not set: test/e2e/global-setup.ts starts the web-mode server');
  return url;
}

/** Uncaught exceptions and console errors, collected for a final `expect(errors).toEqual([])`. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

/** Opens the app in English on the Network lab — how most network specs begin. */
export async function openNetworkLab(page: Page): Promise<void> {
  await page.goto(appUrl());
  await page.getByTestId('locale-select').selectOption('en');
  await page.getByTestId('nav-network').click();
  await page.getByTestId('network-lab').waitFor({ state: 'visible' });
}
