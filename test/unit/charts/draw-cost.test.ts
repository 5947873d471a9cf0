// What keeps one chart draw short (renderer/charts/layout.ts, network.ts) and what the playback bar
// steps through on a thinned race (renderer/charts/steps.ts).
import { describe, expect, it } from 'vitest';
import type { EChartsOption } from 'echarts';
import { withFixedGrid } from '../../../renderer/charts/layout';
import { buildPointsOption } from '../../../renderer/charts/network';
import { entryAt, keptSteps, stopIndex } from '../../../renderer/charts/steps';
import { thinTrajectory } from '../../../main/engine/surfaces/thin';
import { contourSegments, evenLevels } from '../../../renderer/charts/contour';
import { surfaceLayer, surfaceLayerInTasks } from '../../../renderer/charts/surface';
import type { SurfaceGrid, Trajectory } from '../../../preload/contract';

describe('withFixedGrid', () => {
  it("turns ECharts' outer-bounds label layout off for grids with their own margins", () => {
    const option = withFixedGrid({ grid: { left: 64, right: 20, top: 14, bottom: 44 } });
    expect(option.grid).toEqual({ left: 64, right: 20, top: 14, bottom: 44, outerBoundsMode: 'none' });
    const many = withFixedGrid({ grid: [{ left: 1 }, { left: 2, outerBoundsMode: 'same' }, { containLabel: true }] } as EChartsOption);
    expect(many.grid).toEqual([{ left: 1, outerBoundsMode: 'none' }, { left: 2, outerBoundsMode: 'same' }, { containLabel: true }]);
  });
  it('leaves an option without grids as it is', () => {
    const option: EChartsOption = { series: [] };
    expect(withFixedGrid(option)).toBe(option);
  });
});

describe("the Network lab's data chart", () => {
  it("draws each class's points as one path at any count (ECharts' large mode from the first point)", () => {
    const points: [number, number, number][] = Array.from({ length: 300 }, (_, i) => [Math.cos(i), Math.sin(i), i % 2]);
    const option = buildPointsOption({
      points, window: [[-1, 1], [-1, 1]], boundaryUrl: null, classLabel: (k) => `class ${k}`, regression: false, xName: 'x₁', yName: 'x₂', dark: false,
    });
    const scatter = (option.series as { type: string; large?: boolean; largeThreshold?: number; data: unknown[] }[]).filter((s) => s.type === 'scatter');
    expect(scatter).toHaveLength(2);
    for (const s of scatter) {
      expect(s.data).toHaveLength(150);
      // ECharts draws a series in large mode when large is set and it has at least largeThreshold points.
      expect(s.large).toBe(true);
      expect(s.data.length).toBeGreaterThanOrEqual(s.largeThreshold!);
    }
  });
});

describe('the playback stops of a thinned race', () => {
  const walk = (n: number): Trajectory => ({
    label: 'sgd',
    points: Array.from({ length: n }, (_, k) => [1 - k * 1e-5, 1 - 2e-5 * k + 1e-3 * Math.sin(k / 900), 1 / (1 + k)] as [number, number, number]),
    lr: Array.from({ length: n - 1 }, () => 1e-7),
    gradNorm: Array.from({ length: n - 1 }, (_, k) => 1 + Math.cos(k / 700)),
    status: 'completed',
  } as unknown as Trajectory);

  it('are the kept steps of every thinned trajectory, merged and ascending', () => {
    expect(keptSteps([{}, {}])).toBeNull();
    expect(keptSteps([{ steps: [0, 5, 9] }, {}, { steps: [0, 3, 9, 12] }])).toEqual([0, 3, 5, 9, 12]);
  });

  it("each stop is a step the thinned trajectory has exactly, its head at that step's point", () => {
    const full = walk(20_001);
    const shown = thinTrajectory(full);
    const stops = keptSteps([shown])!;
    expect(stops.length).toBeLessThan(full.points.length / 3);
    expect(stops[0]).toBe(0);
    expect(stops.at(-1)).toBe(20_000);
    for (const step of [stops[1]!, stops[Math.floor(stops.length / 2)]!, stops.at(-2)!]) {
      const entry = entryAt(shown, shown.points.length, step);
      expect(shown.steps![entry]).toBe(step);
      expect(shown.points[entry]).toEqual(full.points[step]);
    }
    // A step between two stops belongs to the stop before it (where the slider shows it).
    const gap = stops.findIndex((s, i) => i > 0 && stops[i + 1]! > s + 1);
    expect(gap).toBeGreaterThan(0);
    expect(stops[stopIndex(stops, stops[gap]! + 1)]).toBe(stops[gap]);
    expect(stops[stopIndex(stops, stops[gap + 1]!)]).toBe(stops[gap + 1]);
    expect(stopIndex(stops, -1)).toBe(-1);
  });
});

describe('the surface layer, built in tasks', () => {
  const n = 60;
  const xs = Array.from({ length: n }, (_, i) => -2 + (4 * i) / (n - 1));
  const ys = xs.map((x) => 0.75 * x + 1);
  const z = ys.map((y) => xs.map((x) => (1 - x) ** 2 + 100 * (y - x * x) ** 2));
  const flat = z.flat();
  const grid = { fn: 'rosenbrock' as SurfaceGrid['fn'], xs, ys, z, min: Math.min(...flat), max: Math.max(...flat) };

  it('is the layer surfaceLayer builds at once, with the page given back twice on the way', async () => {
    let pauses = 0;
    const layer = await surfaceLayerInTasks(grid, true, 14, async () => void pauses++);
    expect(pauses).toBe(2);
    expect(layer).toEqual(surfaceLayer(grid, true));
    expect(layer.contours.length).toBeGreaterThan(100);
  });

  it('has contours for every level a cell crosses, whatever order the levels come in', () => {
    const levels = evenLevels(0, 3, 9);
    const sorted = contourSegments(xs, ys, z.map((row) => row.map((v) => Math.log10(v + 1e-3))), levels);
    const shuffled = contourSegments(xs, ys, z.map((row) => row.map((v) => Math.log10(v + 1e-3))), [...levels].reverse());
    expect(shuffled).toEqual(sorted);
    expect(sorted.length).toBeGreaterThan(200);
  });
});
