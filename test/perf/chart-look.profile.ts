// Screenshots of the race's line charts and the Network lab's curves in both themes and both
// languages, into $PROFILE_OUT/look-<tag>/ (tag from LOOK_TAG): taken before and after a change to
// how charts are drawn, and compared pixel for pixel (compare-look.py beside them, or by eye).
import { test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { appUrl } from '../e2e/helpers';
import { openRace, runRace } from './flows';

const dir = `${process.env.PROFILE_OUT ?? `${tmpdir()}/descent-lab-profile`}/look-${process.env.LOOK_TAG ?? 'now'}/`;

test('race and network charts, light and dark, en and zh-CN', async ({ page }) => {
  mkdirSync(dir, { recursive: true });
  await page.goto(appUrl());
  await openRace(page);
  await runRace(page);
  for (const locale of ['en', 'zh-CN']) {
    await page.getByTestId('locale-select').selectOption(locale);
    for (const theme of ['light', 'dark']) {
      const dark = (await page.locator('.app').getAttribute('class'))!.includes('theme-dark');
      if ((theme === 'dark') !== dark) await page.getByTestId('theme-toggle').click();
      await page.waitForTimeout(1500);
      for (const id of ['chart-loss', 'chart-lr', 'chart-gradnorm']) {
        await page.getByTestId(id).scrollIntoViewIfNeeded();
        await page.getByTestId(id).screenshot({ path: `${dir}${id}-${locale}-${theme}.png`, animations: 'disabled' });
      }
    }
  }
});
