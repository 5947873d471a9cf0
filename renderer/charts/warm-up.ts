// A page's first line chart drew in one task of 45–56 ms of CPU here, a later one of the same kind in
// 20–30: ECharts and zrender ran their model, axis, series, legend, tooltip and paint code for the
// first time, V8 compiling each function as it was first called. The page draws such a chart once
// at start-up instead, offscreen (on an element never attached, so nothing shows) and a feature at
// a time, one piece per idle moment, each in a chart turn of its own (schedule.ts) and 20–35 ms of
// CPU, so the first chart of a race or a run finds that code compiled.
import { init, type ECharts } from 'echarts/core';
import type { EChartsOption } from 'echarts';
import { buildLineOption } from './lines';
import { withFixedGrid } from './layout';
import { scheduleChartWork } from './schedule';

type Part = Record<string, unknown>;

/** A loss chart as a race draws it: a legend, a log axis, a dashed line, a diverged run's mark, the playback line. */
function lossChart(): Part {
  const points = (scale: number): [number, number][] => Array.from({ length: 60 }, (_, i) => [i * 5, scale * Math.exp(-i / 12) + 1e-3]);
  const option = buildLineOption({
    series: [
      { name: 'SGD', points: points(3) },
      { name: 'Adam', points: points(1), dashed: true },
      { name: 'GD', points: [...points(2).slice(0, 20), [100, Number.POSITIVE_INFINITY]], divergedAt: 100 },
    ],
    xName: 'step',
    yName: 'loss',
    logY: true,
    markX: 40,
    divergedLabel: (step) => `diverged at ${step}`,
    dark: false,
  });
  return withFixedGrid({ ...option, backgroundColor: 'transparent' }) as Part;
}

/** The pieces, each adding one feature to the last: bare axes, labelled axes, lines, legend, tooltip, marks, the log axis. */
function warmUpSteps(): EChartsOption[] {
  const full = lossChart();
  const { grid, xAxis, legend, tooltip } = full;
  const series = full.series as Part[];
  const y = full.yAxis as Part;
  const linearY = { ...y, type: 'value', min: undefined, max: undefined, axisTick: undefined, axisLabel: { ...(y.axisLabel as Part), customValues: undefined } };
  const bare = (axis: unknown) => ({ ...(axis as Part), name: '', axisLabel: { show: false }, splitLine: { show: false } });
  const lines = series.filter((s) => s.type === 'line').map((s) => ({ ...s, markLine: undefined }));
  const axes = { grid, xAxis, yAxis: linearY };
  return [
    { grid, xAxis: bare(xAxis), yAxis: bare(linearY) },
    axes,
    { ...axes, series: lines },
    { ...axes, series: lines, legend },
    { ...axes, series: lines, legend, tooltip },
    { ...axes, series, legend, tooltip },
    full,
  ] as EChartsOption[];
}

/**
 * Draws warmUpSteps() on a chart of its own, once per page, one piece per idle callback and chart
 * turn, then disposes of it. Nothing outside a browser page. Started when ChartPanel's module loads.
 */
function warmUpLineCharts(): void {
  if (typeof document === 'undefined' || typeof HTMLCanvasElement === 'undefined') return;
  let chart: ECharts | null = null;
  const pieces: (() => void)[] = [
    () => (chart = init(document.createElement('div'), undefined, { width: 480, height: 280 })),
    ...warmUpSteps().map((option) => () => chart?.setOption(option, { notMerge: true })),
    () => chart?.dispose(),
  ];
  const owner = {};
  const idle = (run: () => void) => (typeof requestIdleCallback === 'undefined' ? setTimeout(run, 0) : requestIdleCallback(run, { timeout: 4000 }));
  const next = (i: number) => {
    if (i >= pieces.length) return;
    idle(() =>
      scheduleChartWork(owner, () => {
        pieces[i]!();
        // Named in the page's timeline, so a trace shows each piece's task (test/perf/first-draw.profile.ts).
        performance.mark(`chart warm-up ${i}`);
        next(i + 1);
      }),
    );
  };
  next(0);
}
warmUpLineCharts();
