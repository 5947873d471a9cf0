// The renderer's chart option builders, run in Node: no DOM, no ECharts instance.
import { describe, expect, it } from 'vitest';
import type { CriticalPointAnalysis, SurfaceGrid } from '../../preload/contract';
import { contourSegments, evenLevels } from '../../renderer/charts/contour';
import { csvCell, gridToCsv, linesToCsv, toCsv, trajectoriesToCsv } from '../../renderer/charts/csv';
import { base64, bmpBytes } from '../../renderer/charts/image';
import { buildLineOption, forLogAxis, hasNonPositive } from '../../renderer/charts/lines';
import { SERIES_COLORS, rampColor } from '../../renderer/charts/palette';
import { buildSurfaceOption, niceStep, sampleGrid, scaleGrid, surfaceLayer, trajectorySeries } from '../../renderer/charts/surface';
import { rangeCurve } from '../../renderer/lab/rangeTest';
import { diffTable, flatten } from '../../renderer/lab/settingsDiff';

function gridOf(f: (x: number, y: number) => number, n: number, lo: number, hi: number): SurfaceGrid {
  const xs = Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
  const ys = xs.slice();
  const z = ys.map((y) => xs.map((x) => f(x, y)));
  const flat = z.flat();
  return { fn: 'saddle', xs, ys, z, min: Math.min(...flat), max: Math.max(...flat) };
}

const labels = { start: 'Start', minimum: 'Min', analysed: 'At', escape: 'Escape', eigen: (v: string) => `λ=${v}`, x: 'x', y: 'y' };
type AnySeries = { id?: string; type?: string; data?: unknown[]; name?: string; symbol?: unknown };

describe('contours (marching squares)', () => {
  it('puts the level set of x² + y² = r² on the circle of radius r', () => {
    const grid = gridOf((x, y) => x * x + y * y, 81, -2, 2);
    const segments = contourSegments(grid.xs, grid.ys, grid.z, [1]);
    expect(segments.length).toBeGreaterThan(100);
    // Along a cell edge of width h, x² (f'' = 2) differs from its linear interpolant by at most
    // (f''/2)·(h/2)² = h²/4, so the interpolated crossing has |x² + y² − 1| ≤ h²/4.
    const h = 4 / 80;
    for (const segment of segments) for (const [x, y] of segment) expect(Math.abs(x * x + y * y - 1)).toBeLessThanOrEqual((h * h) / 4 + 1e-12);
  });

  it('splits the ambiguous saddle cells by the centre value', () => {
    // One cell with corners a(0,0)=1, b(1,0)=0, c(1,1)=1, d(0,1)=0: centre 0.5 > 0.4, so the two high
    // corners connect and the segments cut off the low corners b and d.
    const segs = contourSegments([0, 1], [0, 1], [[1, 0], [0, 1]], [0.4]);
    expect(segs).toHaveLength(2);
    const cutsCorner = (corner: [number, number]) =>
      segs.some((s) => s.every(([x, y]) => Math.abs(x - corner[0]) + Math.abs(y - corner[1]) <= 0.6 + 1e-12));
    expect(cutsCorner([1, 0])).toBe(true);
    expect(cutsCorner([0, 1])).toBe(true);
  });

  it('spaces levels strictly inside the range', () => {
    expect(evenLevels(0, 10, 4)).toEqual([2, 4, 6, 8]);
    expect(evenLevels(1, 1, 3)).toEqual([]);
  });
});

describe('surface image (BMP)', () => {
  it('writes the BMP header the format specifies and pixels in BGR, rows padded to 4 bytes', () => {
    const bytes = bmpBytes(3, 2, (row, col) => [row * 100, col * 50, 7]);
    const view = new DataView(bytes.buffer);
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe('BM');
    const rowSize = 12; // 3 px × 3 bytes = 9, padded to 12
    expect(view.getUint32(2, true)).toBe(54 + rowSize * 2);
    expect(view.getUint32(10, true)).toBe(54);
    expect(view.getInt32(18, true)).toBe(3);
    expect(view.getInt32(22, true)).toBe(-2); // top-down
    expect(view.getUint16(28, true)).toBe(24);
    // pixel (row 1, col 2) = rgb(100, 100, 7) stored as B, G, R
    const at = 54 + rowSize + 2 * 3;
    expect([bytes[at], bytes[at + 1], bytes[at + 2]]).toEqual([7, 100, 100]);
  });

  it('base64-encodes exactly as Node’s Buffer does', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 100, 257]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) % 256);
      expect(base64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });

  it('maps the low end of the ramp to dark and the high end to light', () => {
    const lum = ([r, g, b]: [number, number, number]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
    expect(lum(rampColor(0))).toBeLessThan(lum(rampColor(0.6)));
    expect(rampColor(-1)).toEqual(rampColor(0));
    expect(rampColor(2)).toEqual(rampColor(1));
  });
});

describe('surface option', () => {
  const grid = gridOf((x, y) => x * x - y * y, 21, -1, 1);

  it('scales colours by log10(z − min + δ) when asked, δ = 1e-4 of the range', () => {
    const { scaled } = scaleGrid(grid, true);
    const delta = (grid.max - grid.min) * 1e-4;
    expect(scaled[3]![5]).toBeCloseTo(Math.log10(grid.z[3]![5]! - grid.min + delta), 12);
    expect(scaleGrid(grid, false).scaled[3]![5]).toBe(grid.z[3]![5]);
  });

  it('samples the nearest grid value', () => {
    expect(sampleGrid(grid, 0.52, -0.49)).toBeCloseTo(0.5 * 0.5 - 0.5 * 0.5, 12);
    expect(sampleGrid(grid, 1, 0)).toBeCloseTo(1, 12);
  });

  it('draws the image, contours, start, each trajectory cut at the playback step, and its end marker', () => {
    const layer = surfaceLayer(grid, false);
    expect(layer.imageUrl.startsWith('data:image/bmp;base64,')).toBe(true);
    const trajectories = [
      { label: 'adam', points: [[0, 0, 0], [0.1, 0.1, 0], [0.2, 0.3, -0.05]] as [number, number, number][] },
      { label: 'sgdm', points: [[0, 0, 0], [-0.1, 0.2, -0.03]] as [number, number, number][] },
    ];
    const option = buildSurfaceOption({
      window: [[-1, 1], [-1, 1]], layer, minima: [[0, 0]], start: [0, 0], trajectories, step: 1, analysis: null, labels, dark: false,
    });
    const series = option.series as AnySeries[];
    const ids = series.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['surface-image', 'contours', 'minima', 'start', 'traj-0', 'traj-end-0', 'traj-1', 'traj-end-1']));
    const line0 = series.find((s) => s.id === 'traj-0')!;
    expect(line0.data).toEqual([[0, 0], [0.1, 0.1]]);
    expect(series.find((s) => s.id === 'traj-end-0')!.data).toEqual([[0.1, 0.1, 0]]);
    expect(series.find((s) => s.id === 'traj-end-1')!.data).toEqual([[-0.1, 0.2, -0.03]]);
    const colours = series.filter((s) => s.id?.startsWith('traj-') && !s.id.startsWith('traj-end')).map((s) => (s as { lineStyle: { color: string } }).lineStyle.color);
    expect(new Set(colours).size).toBe(2);
    const xAxis = option.xAxis as { min: number; max: number };
    expect([xAxis.min, xAxis.max]).toEqual([-1, 1]);
  });

  it('shows the whole trajectory when the step is null, and frames for playback by id', () => {
    const points: [number, number, number][] = [[0, 0, 0], [1, 1, 1], [2, 2, 2]];
    const all = trajectorySeries([{ label: 'a', points }], null);
    expect(all[0]!.data).toHaveLength(3);
    const first = trajectorySeries([{ label: 'a', points }], 0);
    expect(first.map((s) => s.id)).toEqual(['traj-0', 'traj-end-0']);
    expect(first[0]!.data).toEqual([[0, 0]]);
  });

  it('draws the Hessian’s eigenvectors as double arrows through the analysed point, the escape direction marked', () => {
    // w1w2 at the origin (LECTURE §2): H = [[0, −2], [−2, 0]], λ = −2 along (1, 1)/√2, +2 along (1, −1)/√2.
    const s = Math.SQRT1_2;
    const analysis: CriticalPointAnalysis = {
      fn: 'w1w2', at: [0, 0], loss: 1, gradient: [0, 0], gradientNorm: 0, hessian: [[0, -2], [-2, 0]],
      eigenvalues: [-2, 2], eigenvectors: [[s, s], [s, -s]], kind: 'saddle', escapeDirection: [s, s],
    };
    const option = buildSurfaceOption({
      window: [[-2, 2], [-1, 3]], layer: null, minima: [], start: null, trajectories: [], step: null, analysis, labels, dark: true,
    });
    const series = option.series as (AnySeries & { data: { coords: [[number, number], [number, number]] }[] })[];
    const e0 = series.find((x) => x.id === 'eigen-0')!;
    const e1 = series.find((x) => x.id === 'eigen-1')!;
    expect(e0.name).toBe('Escape');
    expect(e0.symbol).toEqual(['arrow', 'arrow']);
    const [[ax, ay], [bx, by]] = e0.data[0]!.coords;
    // Symmetric about the point, along (1, 1) scaled by 0.16 of each axis's span (4 and 4).
    expect(ax + bx).toBeCloseTo(0, 12);
    expect(ay + by).toBeCloseTo(0, 12);
    expect(bx).toBeCloseTo(0.16 * 4 * s, 12);
    expect(by).toBeCloseTo(0.16 * 4 * s, 12);
    const [, [cx, cy]] = e1.data[0]!.coords;
    expect(cx).toBeCloseTo(0.16 * 4 * s, 12);
    expect(cy).toBeCloseTo(-0.16 * 4 * s, 12);
    expect(series.some((x) => x.id === 'analysed')).toBe(true);
  });

  it('keeps the trajectory palette distinct', () => {
    expect(new Set(SERIES_COLORS).size).toBe(SERIES_COLORS.length);
  });
});

describe('line charts', () => {
  it('turns values ≤ 0 into gaps on a log axis and leaves a linear axis alone', () => {
    const points: [number, number][] = [[0, 1], [1, 0], [2, -1], [3, 0.5]];
    expect(forLogAxis(points, false, true)).toEqual([[0, 1], [1, null], [2, null], [3, 0.5]]);
    expect(forLogAxis(points, false, false)).toEqual(points);
    expect(forLogAxis([[0, 1], [1e-3, 2]], true, false)).toEqual([[1e-3, 2]]);
    expect(hasNonPositive([{ name: 'a', points }])).toBe(true);
    expect(hasNonPositive([{ name: 'a', points: [[0, 1]] }])).toBe(false);
  });

  it('builds one line per series with log axes on request, a legend for several, a step marker', () => {
    const option = buildLineOption({
      series: [{ name: 'adam', points: [[0, 2], [1, 1]] }, { name: 'sgd', points: [[0, 3], [1, 2]] }],
      xName: 'step', yName: 'loss', logY: true, markX: 1, dark: false,
    });
    const series = option.series as (AnySeries & { markLine?: { data: unknown[] } })[];
    expect(series.map((s) => s.name)).toEqual(['adam', 'sgd']);
    expect((option.yAxis as { type: string }).type).toBe('log');
    expect((option.xAxis as { type: string }).type).toBe('value');
    expect((option.legend as { show?: boolean }).show).not.toBe(false);
    expect(series[0]!.markLine!.data).toEqual([{ xAxis: 1 }]);
    const single = buildLineOption({ series: [{ name: 'lr', points: [[0, 1]] }], xName: 'step', yName: 'lr', dark: true });
    expect((single.legend as { show?: boolean }).show).toBe(false);
  });
});

describe('CSV export', () => {
  it('quotes per RFC 4180', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });

  it('writes line series wide, one row per x, blanks where a series has no point', () => {
    const csv = linesToCsv('step', [
      { name: 'adam', points: [[0, 1], [1, 0.5]] },
      { name: 'sgd', points: [[1, 0.9], [2, 0.8]] },
    ]);
    expect(csv).toBe('step,adam,sgd\r\n0,1,\r\n1,0.5,0.9\r\n2,,0.8\r\n');
  });

  it('writes trajectories long, with the lr and gradient norm of the update leaving each point', () => {
    const csv = trajectoriesToCsv([{ label: 'a', points: [[1, 2, 3], [4, 5, 6]], lr: [0.1], gradNorm: [7] }]);
    expect(csv).toBe('label,step,x,y,loss,lr,gradNorm\r\na,0,1,2,3,0.1,7\r\na,1,4,5,6,,\r\n');
  });

  it('writes the grid as x, y, f rows', () => {
    expect(gridToCsv({ xs: [0, 1], ys: [5], z: [[10, 11]] })).toBe('x,y,f\r\n0,5,10\r\n1,5,11\r\n');
  });
});

describe('LR range test curve', () => {
  it("pairs lr_t with the loss after update t, stops at the first non-finite loss and keeps the engine's pick", () => {
    const inf = Number.POSITIVE_INFINITY;
    const curve = rangeCurve({ lr: [0.1, 0.2, 0.4], loss: [5, 4, inf], smoothed: [5, 4.5, inf], suggestedLr: 0.1, divergedAtLr: 0.8 });
    expect(curve.points).toEqual([[0.1, 5], [0.2, 4]]);
    expect(curve.smoothed).toEqual([[0.1, 5], [0.2, 4.5]]);
    expect(curve.suggestion).toBe(0.1);
    expect(curve.divergedAt).toBe(0.8);
  });
});

describe('compare settings diff', () => {
  it('flattens specs to dotted keys and marks rows that differ', () => {
    const a = flatten({ optimizer: { name: 'adam', lr: 0.001, betas: [0.9, 0.999] }, seed: 1 });
    const b = flatten({ optimizer: { name: 'sgdm', lr: 0.001, momentum: 0.9 }, seed: 1 });
    expect(a).toEqual({ 'optimizer.name': 'adam', 'optimizer.lr': '0.001', 'optimizer.betas': '0.9, 0.999', seed: '1' });
    const rows = diffTable([a, b]);
    const differs = Object.fromEntries(rows.map((r) => [r.key, r.differs]));
    expect(differs).toEqual({ 'optimizer.name': true, 'optimizer.lr': false, 'optimizer.betas': true, seed: false, 'optimizer.momentum': true });
    expect(rows.find((r) => r.key === 'optimizer.momentum')!.values).toEqual(['', '0.9']);
  });
});

describe('surface axes', () => {
  it('steps ticks by 1, 2 or 5 × 10^k from 0, so a window crossing 0 has a 0 tick and its off-grid ends are unlabelled', () => {
    expect(niceStep(0.83)).toBe(1);
    expect(niceStep(0.34)).toBe(0.5);
    expect(niceStep(1.2)).toBe(2);
    expect(niceStep(0.0031)).toBe(0.005);
    const option = buildSurfaceOption({
      window: [[-2.5, 2.5], [-1, 3]], layer: null, minima: [], start: null, trajectories: [], step: null, analysis: null, labels, dark: false,
    });
    const x = option.xAxis as { axisLabel: { customValues: number[] }; axisTick: { customValues: number[] } };
    const y = option.yAxis as { axisLabel: { customValues: number[] } };
    // w₁w₂'s window −2.5…2.5: ticks counted from 0, so 0 is labelled and the off-grid ends are not.
    expect(x.axisLabel.customValues).toEqual([-2, -1, 0, 1, 2]);
    expect(x.axisTick.customValues).toEqual([-2, -1, 0, 1, 2]);
    expect(y.axisLabel.customValues).toEqual([-1, 0, 1, 2, 3]);
  });
});
