// The compare page's series arithmetic and chart builders, with hand-computed expectations.
import { describe, expect, it } from 'vitest';
import * as echarts from 'echarts';
import { bandEdges, buildCompareOption, buildParallelOption, compareTooltip, parallelDims, textWidth, wrapText } from '../../renderer/charts/compare';
import { cumulativeSum, debiasedEma, groupBy, lttb, seedBand, summarize, thinBand, toXAxis, type Point } from '../../renderer/charts/series';
import { comparisonToCsv } from '../../renderer/charts/csv';
import { formatDuration, sparklinePath } from '../../renderer/charts/sparkline';

describe('debiased EMA', () => {
  it('matches the hand computation s_t = β s_{t−1} + (1−β) x_t, shown as s_t / (1 − β^{t+1})', () => {
    // β = 0.5, x = 1, 2, 3: s = 0.5, 1.25, 2.125; divided by 1 − 0.5, 1 − 0.25, 1 − 0.125 → 1, 5/3, 17/7.
    const out = debiasedEma([[0, 1], [1, 2], [2, 3]], 0.5);
    expect(out.map(([x]) => x)).toEqual([0, 1, 2]);
    expect(out[0]![1]).toBeCloseTo(1, 12);
    expect(out[1]![1]).toBeCloseTo(5 / 3, 12);
    expect(out[2]![1]).toBeCloseTo(17 / 7, 12);
  });

  it('leaves a constant curve unchanged (no pull toward zero at the start)', () => {
    for (const y of debiasedEma([[0, 4], [1, 4], [2, 4], [3, 4]], 0.9).map((p) => p[1])) expect(y).toBeCloseTo(4, 12);
  });

  it('skips non-finite values without counting them as steps', () => {
    const out = debiasedEma([[0, 1], [1, Number.NaN], [2, 2]], 0.5);
    expect(Number.isNaN(out[1]![1])).toBe(true);
    expect(out[2]![1]).toBeCloseTo(5 / 3, 12);
  });

  it('is the identity at β = 0', () => {
    expect(debiasedEma([[0, 3], [1, 1]], 0)).toEqual([[0, 3], [1, 1]]);
  });
});

describe('x-axis by step, epoch or wall time', () => {
  const clock = { updatesPerEpoch: 10, cumulativeMs: cumulativeSum([1000, 2000, 500]) };
  it('sums per-epoch durations into wall time', () => {
    expect(cumulativeSum([1000, 2000, 500])).toEqual([1000, 3000, 3500]);
  });
  it('places per-epoch series at epoch, at epoch × updates per epoch, and at the end-of-epoch time', () => {
    const pts: Point[] = [[1, 0.5], [2, 0.4], [3, 0.3]];
    expect(toXAxis(pts, 'valLoss', 'epoch', clock)).toEqual(pts);
    expect(toXAxis(pts, 'valLoss', 'step', clock)).toEqual([[10, 0.5], [20, 0.4], [30, 0.3]]);
    expect(toXAxis(pts, 'valLoss', 'time', clock)).toEqual([[1, 0.5], [3, 0.4], [3.5, 0.3]]);
  });
  it('places per-update series at fractional epochs, interpolating time within an epoch', () => {
    const pts: Point[] = [[0, 1], [5, 0.9], [15, 0.8]];
    expect(toXAxis(pts, 'loss', 'epoch', clock)).toEqual([[0, 1], [0.5, 0.9], [1.5, 0.8]]);
    // update 15 = epoch 1.5: halfway through epoch 2 (1 s → 3 s) = 2 s.
    expect(toXAxis(pts, 'loss', 'time', clock)).toEqual([[0, 1], [0.5, 0.9], [2, 0.8]]);
  });
  it('refuses an axis the run has no clock for (a surface race by time)', () => {
    expect(toXAxis([[0, 1]], 'loss', 'time', { updatesPerEpoch: null, cumulativeMs: null })).toBeNull();
    expect(toXAxis([[0, 1]], 'loss', 'step', { updatesPerEpoch: null, cumulativeMs: null })).toEqual([[0, 1]]);
  });
});

describe('seed bands', () => {
  it('gives mean and sample (n − 1) standard deviation at each x', () => {
    const band = seedBand([
      [[0, 2], [1, 1]],
      [[0, 4], [1, 3]],
      [[0, 9]],
    ]);
    expect(band.x).toEqual([0, 1]);
    // x = 0: 2, 4, 9 → mean 5, squared deviations 9 + 1 + 16 = 26, / (3 − 1) = 13.
    expect(band.mean[0]).toBeCloseTo(5, 12);
    expect(band.std[0]).toBeCloseTo(Math.sqrt(13), 12);
    // x = 1: 1, 3 → mean 2, (1 + 1) / 1 = 2; the third run stopped early and no longer counts.
    expect(band.mean[1]).toBeCloseTo(2, 12);
    expect(band.std[1]).toBeCloseTo(Math.sqrt(2), 12);
    expect(band.n).toEqual([3, 2]);
  });
  it('interpolates runs sampled at different x (wall time) inside their own range only', () => {
    // Run A: (0, 0) → (2, 2); run B: (1, 1) → (3, 5). At x = 1: A is 1 (halfway), B is 1 → mean 1, std 0.
    // At x = 2: A is 2, B is 1 + 4·(1/2) = 3 → mean 2.5, std √((0.25 + 0.25)/1) = √0.5. x = 0 and 3: one run each.
    const band = seedBand([
      [[0, 0], [2, 2]],
      [[1, 1], [3, 5]],
    ]);
    expect(band.x).toEqual([0, 1, 2, 3]);
    expect(band.n).toEqual([1, 2, 2, 1]);
    expect(band.mean[1]).toBeCloseTo(1, 12);
    expect(band.std[1]).toBeCloseTo(0, 12);
    expect(band.mean[2]).toBeCloseTo(2.5, 12);
    expect(band.std[2]).toBeCloseTo(Math.sqrt(0.5), 12);
    expect([band.mean[0], band.mean[3]]).toEqual([0, 5]);
  });
  it('has zero spread for a single run and ignores non-finite values', () => {
    const band = seedBand([[[0, 1], [1, Number.NaN]]]);
    expect(band).toEqual({ x: [0], mean: [1], std: [0], n: [1] });
  });
  it('thins a long band to evenly spaced points, ends kept', () => {
    const x = Array.from({ length: 101 }, (_, i) => i);
    const band = thinBand({ x, mean: x, std: x.map(() => 1), n: x.map(() => 2) }, 5);
    expect(band.x).toEqual([0, 25, 50, 75, 100]);
    expect(band.mean).toEqual([0, 25, 50, 75, 100]);
  });
    it('keeps band edges positive on a log axis', () => {
    const { lo, hi } = bandEdges({ x: [0], mean: [1], std: [2], n: [2] }, true);
    expect(lo[0]).toBeGreaterThan(0);
    expect(hi[0]).toBe(3);
  });
  it('groups by a key in first-seen order', () => {
    const g = groupBy(['adam/1', 'sgd/1', 'adam/2'], (s) => s.split('/')[0]!);
    expect(g).toEqual([{ key: 'adam', items: ['adam/1', 'adam/2'] }, { key: 'sgd', items: ['sgd/1'] }]);
  });
});

describe('summary', () => {
  it('reports final, best (lowest loss) with its x, and min/max', () => {
    const s = summarize([[1, 0.9], [2, 0.3], [3, 0.5]], 'valLoss');
    expect(s).toEqual({ final: 0.5, best: 0.3, bestAt: 2, min: 0.3, minAt: 2, max: 0.9, maxAt: 1, count: 3 });
  });
  it('takes the highest accuracy as best', () => {
    const s = summarize([[1, 0.6], [2, 0.8], [3, 0.7]], 'valAccuracy');
    expect([s.best, s.bestAt, s.final]).toEqual([0.8, 2, 0.7]);
  });
});

describe('LTTB downsampling', () => {
  it('returns short series untouched and long ones at the threshold with both ends kept', () => {
    const short: Point[] = [[0, 1], [1, 2]];
    expect(lttb(short, 100)).toBe(short);
    const long: Point[] = Array.from({ length: 10_000 }, (_, i) => [i, Math.sin(i / 100)]);
    const out = lttb(long, 500);
    expect(out.length).toBe(500);
    expect(out[0]).toEqual([0, 0]);
    expect(out.at(-1)).toEqual(long.at(-1));
    for (let i = 1; i < out.length; i++) expect(out[i]![0]).toBeGreaterThan(out[i - 1]![0]);
  });
  it('keeps a one-point spike', () => {
    const long: Point[] = Array.from({ length: 5000 }, (_, i) => [i, i === 2345 ? 100 : 0]);
    expect(lttb(long, 200).some(([x, y]) => x === 2345 && y === 100)).toBe(true);
  });
});

describe('compare chart options', () => {
  it('draws the raw curve faintly behind the smoothed one and a band polygon', () => {
    const option = buildCompareOption({
      lines: [{ name: 'adam', color: '#d62728', points: [[0, 1], [1, 0.5]], raw: [[0, 1], [1, 0.2]] }],
      bands: [{ name: 'adam', color: '#d62728', band: { x: [0, 1], mean: [1, 0.5], std: [0.1, 0.1], n: [2, 2] } }],
      xName: 'step',
      yName: 'loss',
      logY: true,
      dark: false,
    });
    const series = option.series as { type: string; lineStyle?: { opacity?: number }; data: unknown[] }[];
    expect(series.map((s) => s.type)).toEqual(['custom', 'line', 'line']);
    expect(series[1]!.lineStyle!.opacity).toBeLessThan(0.5);
    expect(series[2]!.data).toEqual([[0, 1], [1, 0.5]]);
    expect((option.yAxis as { type: string }).type).toBe('log');
  });
  it('ticks a log loss axis on whole decades spaced alike (10⁻¹², 10⁻⁹ … 10⁰), not on the range ends', () => {
    const option = buildCompareOption({
      lines: [{ name: 'gd', color: '#1f77b4', points: [[0, 1], [5000, 1e-6], [10000, 3e-13]] }],
      bands: [],
      xName: 'step',
      yName: 'loss',
      logY: true,
      dark: false,
    });
    const ticks = (option.yAxis as { axisLabel: { customValues?: number[] } }).axisLabel.customValues!;
    const exponents = ticks.map((v) => Math.round(Math.log10(v)));
    expect(exponents.every((e, i) => i === 0 || e - exponents[i - 1]! === exponents[1]! - exponents[0]!)).toBe(true);
    expect(exponents).toContain(0);
    expect(ticks.every((v) => Number.isInteger(Math.log10(v)) || Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9)).toBe(true);
  });
  it('shows a group mean with its ± std and run count on hover, and plain values for runs', () => {
    const spreads = new Map([['adam', new Map([[2, { std: 0.05, n: 2 }]])]]);
    const text = compareTooltip(
      [
        { seriesName: 'adam', componentSubType: 'line', value: [2, 0.5], marker: '' },
        { seriesName: 'sgd <1>', componentSubType: 'line', value: [2, 0.75], marker: '' },
        { seriesName: 'adam', componentSubType: 'custom', value: [2, 0.45, 0.55] },
      ],
      spreads,
    );
    expect(text).toBe('2<br/>adam: <b>0.5</b> ± 0.05 (n=2)<br/>sgd &#60;1&#62;: <b>0.75</b>');
  });
    it('puts numbers on value axes (log when they span decades) and the rest on category axes', () => {
    const dims = parallelDims([
      { key: 'optimizer.lr', values: ['0.001', '0.1'] },
      { key: 'optimizer.name', values: ['adam', 'sgd'] },
      { key: 'batchSize', values: ['32', '64'] },
    ]);
    expect(dims.map((d) => d.dim)).toEqual([
      { name: 'optimizer.lr', log: true },
      { name: 'optimizer.name', categories: ['adam', 'sgd'] },
      { name: 'batchSize', log: false, integer: true },
    ]);
    const option = buildParallelOption({ dims: dims.map((d) => d.dim), rows: [{ name: 'a', color: '#000000', values: [0.001, 'adam', null] }], dark: true });
    expect((option.parallelAxis as { type: string }[]).map((a) => a.type)).toEqual(['log', 'category', 'value']);
    expect((option.series as { data: unknown[] }[])[0]!.data).toEqual([[0.001, 'adam', '-']]);
  });
  it('draws the parallel axes’ names, labels and lines in the theme’s text colour, the names as given', () => {
    const dims = [{ name: '网络层', categories: ['32 relu → 输出层'] }, { name: '最终训练损失（完整遍历）' }];
    const rows = [{ name: 'a', color: '#1f77b4', values: ['32 relu → 输出层', 0.5] }];
    type Axis = { name: string; nameTextStyle: { color: string }; axisLabel: { color: string }; axisLine: { lineStyle: { color: string } } };
    const colours = (dark: boolean) => {
      const option = buildParallelOption({ dims, rows, dark });
      const d = (option.parallel as { parallelAxisDefault: Axis }).parallelAxisDefault;
      expect((option.parallelAxis as Axis[]).map((a) => a.name)).toEqual(['网络层', '最终训练损失（完整遍历）']);
      return [d.nameTextStyle.color, d.axisLabel.color, d.axisLine.lineStyle.color];
    };
    // Light grey on the dark card (#161b22), dark grey on white: each readable where it is drawn.
    const luminance = (hex: string) => {
      const six = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex;
      const v = parseInt(six.slice(1), 16);
      const [r, g, b] = [(v >> 16) & 255, (v >> 8) & 255, v & 255].map((c) => c / 255);
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    for (const c of colours(true)) expect(luminance(c)).toBeGreaterThan(0.6);
    for (const c of colours(false)) expect(luminance(c)).toBeLessThan(0.35);
  });
});

describe('parallel axes’ names', () => {
  // Eight axes named as the settings table names them, in both languages.
  const NAMES = {
    en: ['Layers', 'Optimizer: learning rate η (lr)', 'Optimizer: momentum λ (momentum)', 'Batch size', 'Data: samples', 'Seed', 'Epochs', 'final training loss (full pass)'],
    zh: ['网络层', '优化器：学习率 η (lr)', '优化器：动量 λ (momentum)', '批次大小', '数据：样本数', '种子', '轮数', '最终训练损失（完整遍历）'],
  };
  /** The axis names a real ECharts (server-side SVG) draws: each text line with its centre x, its y and its axis top. */
  function drawnNames(names: string[], width: number) {
    const dims = names.map((name, i) => (i === 0 ? { name, categories: ['32 relu ×2 → output', '32 relu → output'] } : { name }));
    const rows = [0, 1].map((k) => ({ name: `r${k}`, color: '#1f77b4', values: dims.map((d, i) => (i === 0 ? d.categories![k]! : k + i)) }));
    const option = buildParallelOption({ dims, rows, dark: false, width });
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height: 340 });
    chart.setOption(option);
    const svg = chart.renderToSVGString();
    chart.dispose();
    const top = (option.parallel as { top: number }).top;
    const texts = [...svg.matchAll(/<text[^>]*y="([-\d.]+)" transform="translate\(([-\d.]+) ([-\d.]+)\)"[^>]*>([^<]*)<\/text>/g)]
      .map((m) => ({ y: Number(m[1]), x: Number(m[2]), at: Number(m[3]), text: m[4]! }))
      // Names hang above their axes' tops, a gap of 10 px over the plot.
      .filter((t) => t.at === top - 10 && t.y < 0);
    return { texts, top };
  }

  it('break into lines at spaces, and between Chinese characters', () => {
    expect(wrapText('Optimizer: learning rate η (lr)', 80)).toEqual(['Optimizer:', 'learning', 'rate η (lr)']);
    expect(wrapText('最终训练损失（完整遍历）', 60)).toEqual(['最终训练损', '失（完整遍', '历）']);
    expect(wrapText('Seed', 70)).toEqual(['Seed']);
  });

  for (const lang of ['en', 'zh'] as const)
    for (const width of [560, 800, 1200])
      it(`are drawn whole, above the axes, none over another (${lang}, ${width} px)`, () => {
        const { texts } = drawnNames(NAMES[lang], width);
        // Every word of every name is there: ECharts cut a long name to one line with '…'.
        const byAxis = new Map<number, string[]>();
        for (const t of texts) byAxis.set(t.x, [...(byAxis.get(t.x) ?? []), t.text]);
        const axes = [...byAxis.keys()].sort((a, b) => a - b);
        expect(axes).toHaveLength(8);
        const letters = (s: string) => s.replace(/\s+/g, '');
        expect(axes.map((x) => letters(byAxis.get(x)!.join('')))).toEqual(NAMES[lang].map(letters));
        expect(texts.some((t) => t.text.includes('…') || t.text.includes('...'))).toBe(false);
        // Neighbouring names' lines (each centred on its axis) leave a gap between them, and all lie on the chart.
        const half = (x: number) => Math.max(...byAxis.get(x)!.map((line) => textWidth(line))) / 2;
        axes.slice(1).forEach((x, i) => expect(x - half(x) - (axes[i]! + half(axes[i]!)), `${byAxis.get(axes[i]!)} | ${byAxis.get(x)}`).toBeGreaterThan(4));
        expect(axes[0]! - half(axes[0]!)).toBeGreaterThanOrEqual(0);
        expect(axes.at(-1)! + half(axes.at(-1)!)).toBeLessThanOrEqual(width);
      });
});

describe('comparison CSV', () => {
  it('writes every point of every run in long form, quoting labels', () => {
    const csv = comparisonToCsv([
      { runId: 1, label: 'adam, seed 1', group: 'adam', name: 'valLoss', points: [[1, 0.5], [2, 0.25]] },
      { runId: 2, label: 'sgd', group: 'sgd', name: 'valLoss', points: [[1, 0.75]] },
    ]);
    expect(csv).toBe('runId,label,group,metric,x,value\r\n1,"adam, seed 1",adam,valLoss,1,0.5\r\n1,"adam, seed 1",adam,valLoss,2,0.25\r\n2,sgd,sgd,valLoss,1,0.75\r\n');
  });
});

describe('sparklines and ETAs', () => {
  it('scales values into the box with the highest value at the top', () => {
    // 3 points over width 10 (pad 0): x = 0, 5, 10; values 1, 3, 2 over height 4 → y = 4, 0, 2.
    expect(sparklinePath([1, 3, 2], 10, 4, 0)).toBe('M0,4 L5,0 L10,2');
    expect(sparklinePath([1], 10, 4)).toBe('');
    expect(sparklinePath([2, 2], 10, 4, 0)).toBe('M0,2 L10,2');
  });
  it('formats durations', () => {
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
    expect(formatDuration(null)).toBe('—');
  });
});
