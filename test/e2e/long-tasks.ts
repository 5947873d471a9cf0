// The Long Tasks API as the specs read it: every task of 50 ms or more on the page's main thread,
// recorded from the page's first script on (buffered), into window.longTasks.
import type { Page } from '@playwright/test';

export type LongTask = { start: number; duration: number };

/** The page's globals these scripts use (the e2e tsconfig has no DOM types). */
type PageGlobals = {
  longTasks: LongTask[];
  PerformanceObserver: new (callback: (list: { getEntries(): { startTime: number; duration: number }[] }) => void) => {
    observe(options: { type: string; buffered: boolean }): void;
  };
};

/** From the next navigation on, the page keeps its long tasks in window.longTasks. */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const page = globalThis as unknown as PageGlobals;
    page.longTasks = [];
    new page.PerformanceObserver((list) => {
      for (const entry of list.getEntries()) page.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}
