// Each chart draw's CPU time on the page's main thread (a Chromium trace's RunTask thread time),
// for the first line charts a race draws and for the same charts drawn again: what the first draw of
// a page costs over a later one. `npx playwright test --config test/perf/profile.config.ts first-draw`.
import { test, type Page } from '@playwright/test';
import { loadavg } from 'node:os';
import { appUrl } from '../e2e/helpers';
import { analyse, profileFromTrace } from './analyse';
import { PROFILE_RENDERER } from './profile-setup';
import { openCourse, openNetwork, openRace, runCourse, runNetwork, runRace } from './flows';

type TraceEvent = { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: { name?: string } };

const top = (m: Map<string, number>, n: number) =>
  [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `      ${v.toFixed(1).padStart(6)} ms  ${k}`);

async function traced(page: Page, title: string, work: () => Promise<void>) {
  if (page.url() !== 'about:blank') await page.waitForTimeout(500);
  const browser = page.context().browser()!;
  const categories = ['disabled-by-default-devtools.timeline', 'blink.user_timing'];
  if (process.env.PROFILE_CPU === '1') categories.push('disabled-by-default-v8.cpu_profiler');
  await browser.startTracing(page, { categories });
  const load = loadavg()[0]!.toFixed(2);
  await work();
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  const main = traceEvents.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = (e: TraceEvent) => main.some((m) => m.pid === e.pid && m.tid === e.tid);
  const tasks = traceEvents.filter((e) => e.name === 'RunTask' && e.ph === 'X' && onMain(e));
  const t0 = Math.min(...tasks.map((t) => t.ts));
  const marks = traceEvents.filter((e) => e.name.startsWith('chart warm-up'));
  const label = (t: TraceEvent) => marks.filter((m) => m.ts >= t.ts && m.ts <= t.ts + (t.dur ?? 0)).map((m) => ` [${m.name}]`).join('');
  const longest = tasks.slice().sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0));
  const line = (t: TraceEvent) => `${Math.round((t.tdur ?? 0) / 1000)} cpu/${Math.round((t.dur ?? 0) / 1000)} wall @${Math.round((t.ts - t0) / 1000)}${label(t)}`;
  console.log(`${title} (load ${load}): ${longest.slice(0, 10).map(line).join(', ')}`);
  const warm = tasks.filter((t) => label(t));
  if (warm.length) console.log(`  warm pieces: ${warm.map((t) => `${Math.round((t.tdur ?? 0) / 1000)} cpu${label(t)}`).join(', ')}`);
  const profile = main[0] && profileFromTrace(traceEvents as never, main[0].pid, main[0].tid);
  if (!profile) return;
  const picked = longest.slice(0, Number(process.env.PROFILE_TASKS ?? 3));
  const report = analyse(profile, picked.map((t) => ({ start: t.ts / 1000, duration: (t.dur ?? 0) / 1000 })), 0, PROFILE_RENDERER, 0.5);
  for (const [i, r] of report.entries()) {
    console.log(`  task ${line(picked[i]!)}: sampled ${r.covered.toFixed(1)} ms`);
    console.log(['    by group:', ...top(r.group, 8), '    inclusive:', ...top(r.inclusive, Number(process.env.PROFILE_LINES ?? 30))].join('\n'));
  }
}

test('first and later draws of the charts of a race, a network run and a course section', async ({ page }) => {
  const only = process.env.PROFILE_ONLY ?? 'race,network,course';
  await traced(page, 'start-up', async () => {
    await page.goto(appUrl());
    await page.getByTestId('locale-select').selectOption('en');
    await page.waitForTimeout(3000);
  });
  if (only.includes('course')) {
    await openCourse(page);
    await traced(page, 'course §1 run', () => runCourse(page));
  }
  if (only.includes('network')) {
    await openNetwork(page);
    await traced(page, 'network run, 15 epochs', () => runNetwork(page));
  }
  if (only.includes('race')) {
    // The same race twice: the first draws the page's first line charts, the second the same charts again.
    await openRace(page);
    await traced(page, 'race 1', () => runRace(page, '300'));
    await traced(page, 'race 2', () => runRace(page, '301'));
  }
});
