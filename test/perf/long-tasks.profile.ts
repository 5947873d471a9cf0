// CPU profiles of the page while work is live (see profile.config.ts): a six-optimizer race, a
// network run with its live charts, and a course section's run. Each long task (Long Tasks API)
// is cut out of the profile and its time attributed to functions and libraries (analyse.ts);
// the report is written to $PROFILE_OUT (default: the temp folder's descent-lab-profile/)
// long-tasks.md, with the load average, beside each .cpuprofile (open it in DevTools).
import { test, expect, type CDPSession, type Page } from '@playwright/test';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { appUrl } from '../e2e/helpers';
import { analyse, describe, describeTrace, type CpuProfile, type LongTask } from './analyse';
import { PROFILE_RENDERER } from './profile-setup';
import { openCourse, openNetwork, openRace, runCourse, runNetwork, runRace } from './flows';

// Outside test-results/, which every Playwright run empties first.
const outDir = `${process.env.PROFILE_OUT ?? `${tmpdir()}/descent-lab-profile`}/`;
const reportFile = `${outDir}long-tasks.md`;
mkdirSync(outDir, { recursive: true });

type PageWindow = { longTasks: LongTask[] };
declare const window: PageWindow;
declare const PerformanceObserver: new (callback: (list: { getEntries(): { startTime: number; duration: number }[] }) => void) => {
  observe(options: { type: string; buffered: boolean }): void;
};

async function start(page: Page): Promise<CDPSession> {
  await page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  if (process.env.PROFILE_TEXT === '1') {
    // How often and how long the page measures text (ECharts' label layout), and the slowest strings.
    await page.addInitScript(() => {
      const stats = { calls: 0, ms: 0, slow: [] as [string, string, number][] };
      (globalThis as unknown as { textStats: typeof stats }).textStats = stats;
      const proto = (globalThis as unknown as { CanvasRenderingContext2D: { prototype: { measureText(t: string): unknown; font: string } } })
        .CanvasRenderingContext2D.prototype;
      const measure = proto.measureText;
      proto.measureText = function (this: { font: string }, text: string) {
        const t0 = performance.now();
        const out = measure.call(this, text);
        const ms = performance.now() - t0;
        stats.calls++;
        stats.ms += ms;
        if (ms > 0.3) stats.slow.push([text, this.font, Math.round(ms * 10) / 10]);
        return out;
      };
    });
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  return cdp;
}

let marks = 0;
async function measure(page: Page, cdp: CDPSession, title: string, work: () => Promise<void>) {
  await page.evaluate(() => new Promise<void>((r) => setTimeout(() => r(void (window.longTasks.length = 0)), 300)));
  const trace = process.env.PROFILE_TRACE === '1';
  const browser = page.context().browser()!;
  if (trace) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing'] });
  else await cdp.send('Profiler.start');
  const load = loadavg()[0]!.toFixed(2);
  await work();
  // A 30 ms busy marker at a known performance.now(): aligns the profile's clock with the page's.
  const mark = `profileMarker${++marks}`;
  const markerAt = (await page.evaluate(
    `(function ${mark}() { const t0 = performance.now(); let x = 0; while (performance.now() - t0 < 40) x += Math.sqrt(x + 1); return t0 + 0 * x; })()`,
  )) as number;
  const name = title.replace(/\W+/g, '-').toLowerCase();
  if (trace) {
    const events = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: Parameters<typeof describeTrace>[1] };
    const text = describeTrace(`${title} (load ${load} → ${loadavg()[0]!.toFixed(2)})`, events.traceEvents);
    appendFileSync(reportFile, `${text}\n\n`);
    console.log(text);
    return;
  }
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  const tasks = (await page.evaluate(() => window.longTasks)).filter((t) => t.start < markerAt - 1);
  const marker = profile.nodes.filter((n) => n.callFrame.functionName === mark).map((n) => n.id);
  let t = profile.startTime;
  let first = NaN;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    if (marker.includes(profile.samples[i]!)) {
      first = t / 1000;
      break;
    }
  }
  expect(Number.isFinite(first)).toBe(true);
  writeFileSync(`${outDir}${name}.cpuprofile`, JSON.stringify(profile));
  if (process.env.PROFILE_TEXT === '1') {
    const stats = await page.evaluate(() => (globalThis as unknown as { textStats: unknown }).textStats);
    appendFileSync(reportFile, `measureText: ${JSON.stringify(stats)}\n`);
  }
  const text = describe(`${title} (load ${load} → ${loadavg()[0]!.toFixed(2)})`, analyse(profile, tasks, first - markerAt, PROFILE_RENDERER));
  appendFileSync(reportFile, `${text}\n\n`);
  console.log(text);
}

test('profiles: a six-optimizer race, a network run, a course section', async ({ page }) => {
  writeFileSync(reportFile, `# Long tasks, profiled (${new Date().toISOString()})\n\n`);
  const cdp = await start(page);
  await page.goto(appUrl());
  await page.getByTestId('locale-select').selectOption('en');
  const only = process.env.PROFILE_ONLY ?? 'race,network,course';

  if (only.includes('race')) {
    await openRace(page);
    await measure(page, cdp, 'Six-optimizer race, 300 steps', () => runRace(page));
  }
  if (only.includes('network')) {
    await openNetwork(page);
    await measure(page, cdp, 'Network run, 15 epochs', () => runNetwork(page));
  }
  if (only.includes('course')) {
    await openCourse(page);
    await measure(page, cdp, 'Course §1 run', () => runCourse(page));
  }
});
