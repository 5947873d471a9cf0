// The work the profiling specs measure, as a student does it: a six-optimizer race on Rosenbrock,
// a 15-epoch network run, a course section's run. Each `open…` gets the page ready, each `run…`
// does the live part and waits until it is over.
import { expect, type Page } from '@playwright/test';

export async function openRace(page: Page): Promise<void> {
  await page.getByTestId('nav-surface').click();
  await page.getByTestId('fn-select').selectOption('rosenbrock');
  await page.getByTestId('steps').fill('300');
  await page.getByTestId('race-all').click();
  await expect(page.getByTestId('entry-5')).toBeVisible();
}
/** Runs the race set up by openRace (with `steps` steps) and lets it play to the end. */
export async function runRace(page: Page, steps = '300'): Promise<void> {
  await page.getByTestId('steps').fill(steps);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('result-5')).toBeVisible();
  await expect(page.getByTestId('step-label')).toContainText(`/ ${steps}`);
  await expect(page.getByTestId('play-button')).toHaveText('Play', { timeout: 20_000 });
}

export async function openNetwork(page: Page): Promise<void> {
  await page.getByTestId('nav-network').click();
  await expect(page.getByTestId('network-lab')).toBeVisible();
  await page.getByTestId('field-epochs').fill('15');
}
export async function runNetwork(page: Page): Promise<void> {
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('progress-epoch')).toHaveText('epoch 15 / 15', { timeout: 120_000 });
  await expect(page.getByTestId('final-metrics')).toBeVisible();
}

/** Course §1 with one seed. */
export async function openCourse(page: Page): Promise<void> {
  await page.getByTestId('nav-course').click();
  await page.getByTestId('course-nav-1').click();
  await expect(page.getByTestId('course-section-title')).toContainText('§1');
  await page.getByTestId('course-seeds').selectOption('1');
}
export async function runCourse(page: Page): Promise<void> {
  await page.getByTestId('course-run').click();
  await expect(page.getByTestId('course-progress')).toBeVisible();
  await expect(page.getByTestId('course-run')).toBeEnabled({ timeout: 300_000 });
  await expect(page.getByTestId('course-verdicts').locator('[data-verdict="pending"]')).toHaveCount(0);
}
