// Playback drawn beside ECharts rather than through it. Every setOption, however small, runs the
// chart's whole update (axes, every series, the map) — tens of milliseconds a frame on a slow
// machine, which made a playing race a chain of long tasks. These overlays are a few zrender
// shapes added to the chart's own canvas (so they show in its PNG), moved each frame by setShape:
// only their layer repaints. Coordinates come from the chart's axes (convertToPixel), taken again
// whenever the chart is re-created, resized or re-laid out.
import { graphic, type ECharts } from 'echarts/core';
import { indicesUpTo } from './decimate';
import { entryAt } from './steps';

/** One trajectory on the map: its points, the indices drawn (pathIndices), its colour; steps when thinned (renderer/charts/steps.ts). */
export interface Track {
  points: readonly (readonly [number, number, ...number[]])[];
  indices: readonly number[];
  color: string;
  steps?: readonly number[];
}

/** Canvas layer of the overlays: above the chart's own (0), so a frame repaints this layer only. */
export const OVERLAY_ZLEVEL = 2;

type Affine = { ax: number; bx: number; ay: number; by: number };

/** The linear map from data (x, y) to pixels of the chart's first grid, or null before it is laid out. */
function gridMap(chart: ECharts, [[x0, x1], [y0, y1]]: [[number, number], [number, number]]): Affine | null {
  const a = toPixel(chart, { gridIndex: 0 }, [x0, y0]) as number[] | undefined;
  const b = toPixel(chart, { gridIndex: 0 }, [x1, y1]) as number[] | undefined;
  if (!a || !b || !a.every(Number.isFinite) || !b.every(Number.isFinite) || x1 === x0 || y1 === y0) return null;
  const sx = (b[0]! - a[0]!) / (x1 - x0);
  const sy = (b[1]! - a[1]!) / (y1 - y0);
  return { ax: sx, bx: a[0]! - sx * x0, ay: sy, by: a[1]! - sy * y0 };
}

/** convertToPixel, or undefined while the chart has no laid-out option yet (it draws lazily). */
function toPixel(chart: ECharts, finder: { gridIndex: number } | { xAxisIndex: number }, value: number | number[]): number | number[] | undefined {
  try {
    return chart.convertToPixel(finder, value as number[]) as number | number[] | undefined;
  } catch {
    return undefined;
  }
}

const key = (chart: ECharts, m: Affine | null) => (m ? `${chart.id}:${m.ax},${m.bx},${m.ay},${m.by}` : '');

/** Base of the overlays: one group on the chart's zrender instance, rebuilt when the chart is. */
abstract class Overlay {
  protected chart: ECharts | null = null;
  protected group: graphic.Group | null = null;
  private drawnKey = '';

  /** The group on `chart`, created (and the old one dropped) when the chart instance changed. */
  protected attach(chart: ECharts): graphic.Group {
    if (this.chart !== chart || !this.group) {
      this.detach();
      this.chart = chart;
      this.group = new graphic.Group();
      chart.getZr().add(this.group);
      this.drawnKey = '';
    }
    return this.group;
  }

  detach(): void {
    if (this.group && this.chart && !this.chart.isDisposed()) this.chart.getZr().remove(this.group);
    this.chart = null;
    this.group = null;
    this.drawnKey = '';
  }

  /** True when the chart's geometry changed since the last draw (so a 'rendered' event must redraw). */
  protected moved(chart: ECharts, mapKey: string): boolean {
    const changed = this.chart !== chart || this.drawnKey !== mapKey;
    this.drawnKey = mapKey;
    return changed;
  }
}

/** Trajectories cut at the playback step, each with a dot at its head, over the surface map. */
export class TrackOverlay extends Overlay {
  private lines: graphic.Polyline[] = [];
  /** A dark, wider copy under each line, so it reads on any colour of the map (a blurred shadow costs a blur per frame). */
  private casings: graphic.Polyline[] = [];
  private heads: graphic.Circle[] = [];
  private last: { tracks: readonly Track[]; step: number | null; window: [[number, number], [number, number]] } | null = null;

  /** Draws `tracks` up to `step` (null: whole) on `chart`; nothing when the chart is not laid out yet. */
  draw(chart: ECharts | null | undefined, tracks: readonly Track[], step: number | null, window: [[number, number], [number, number]]): void {
    this.last = { tracks, step, window };
    if (!chart || chart.isDisposed()) return;
    const map = gridMap(chart, window);
    if (!map) return;
    const group = this.attach(chart);
    this.moved(chart, key(chart, map));
    while (this.lines.length > tracks.length) {
      group.remove(this.lines.pop()!);
      group.remove(this.casings.pop()!);
      group.remove(this.heads.pop()!);
    }
    tracks.forEach((track, i) => {
      let line = this.lines[i];
      let casing = this.casings[i];
      let head = this.heads[i];
      if (!line || !casing || !head || line.parent !== group) {
        casing = new graphic.Polyline({ silent: true, zlevel: OVERLAY_ZLEVEL, z: 4, shape: { points: [] } });
        line = new graphic.Polyline({ silent: true, zlevel: OVERLAY_ZLEVEL, z: 5, shape: { points: [] } });
        head = new graphic.Circle({ silent: true, zlevel: OVERLAY_ZLEVEL, z: 7, shape: { cx: 0, cy: 0, r: 5 } });
        group.add(casing);
        group.add(line);
        group.add(head);
        this.casings[i] = casing;
        this.lines[i] = line;
        this.heads[i] = head;
      }
      casing.setStyle({ stroke: 'rgba(0,0,0,0.4)', lineWidth: 4.2, fill: 'none', lineJoin: 'round', lineCap: 'round' });
      line.setStyle({ stroke: track.color, lineWidth: 2.2, fill: 'none', lineJoin: 'round', lineCap: 'round' });
      head.setStyle({ fill: track.color, stroke: '#111', lineWidth: 1.5 });
      const n = track.points.length;
      const upTo = step === null ? n - 1 : entryAt(track, n, step);
      const kept = upTo >= 0 ? indicesUpTo(track.indices, upTo) : [];
      const pixels = kept.map((k): [number, number] => {
        const p = track.points[k]!;
        return [map.ax * p[0] + map.bx, map.ay * p[1] + map.by];
      });
      line.setShape({ points: pixels });
      casing.setShape({ points: pixels });
      const tip = pixels.at(-1);
      head.ignore = !tip;
      if (tip) head.setShape({ cx: tip[0], cy: tip[1] });
    });
    group.markRedraw();
  }

  /** After the chart rendered (a new option, a resize): redraws when its axes moved. */
  refresh(chart: ECharts | null | undefined): void {
    if (!chart || chart.isDisposed() || !this.last) return;
    const map = gridMap(chart, this.last.window);
    if (this.chart === chart && !this.moved(chart, key(chart, map))) return;
    this.draw(chart, this.last.tracks, this.last.step, this.last.window);
  }

  override detach(): void {
    super.detach();
    this.lines = [];
    this.casings = [];
    this.heads = [];
  }
}

/** A dashed vertical line at one x over a line chart's grid: the playback step on the loss chart. */
export class StepMarker extends Overlay {
  private line: graphic.Line | null = null;
  private x: number | null = null;
  private color = '#444';

  draw(chart: ECharts | null | undefined, x: number | null, color: string): void {
    this.x = x;
    this.color = color;
    if (!chart || chart.isDisposed()) return;
    const rect = gridRect(chart);
    const px = x === null ? null : (toPixel(chart, { xAxisIndex: 0 }, x) as number | undefined);
    const group = this.attach(chart);
    this.moved(chart, markerKey(chart, rect));
    if (!this.line || this.line.parent !== group) {
      this.line = new graphic.Line({ silent: true, zlevel: OVERLAY_ZLEVEL, z: 10, shape: { x1: 0, y1: 0, x2: 0, y2: 0 } });
      group.add(this.line);
    }
    const visible = rect !== null && px !== undefined && px !== null && Number.isFinite(px) && px >= rect.x - 0.5 && px <= rect.x + rect.width + 0.5;
    this.line.ignore = !visible;
    if (visible) {
      this.line.setShape({ x1: px, y1: rect.y, x2: px, y2: rect.y + rect.height });
      this.line.setStyle({ stroke: color, lineWidth: 1, lineDash: [4, 4] });
    }
    group.markRedraw();
  }

  refresh(chart: ECharts | null | undefined): void {
    if (!chart || chart.isDisposed()) return;
    const rect = gridRect(chart);
    if (this.chart === chart && !this.moved(chart, markerKey(chart, rect))) return;
    this.draw(chart, this.x, this.color);
  }
}

/** The marker's geometry: the grid and where x = 0 and x = 1 fall (the axis' scale). */
const markerKey = (chart: ECharts, rect: ReturnType<typeof gridRect>) =>
  rect ? `${chart.id}:${rect.x},${rect.y},${rect.width},${rect.height},${String(toPixel(chart, { xAxisIndex: 0 }, 0))},${String(toPixel(chart, { xAxisIndex: 0 }, 1))}` : '';

/** The pixel rectangle of the chart's first grid (its plotting area), or null before layout. */
function gridRect(chart: ECharts): { x: number; y: number; width: number; height: number } | null {
  type Rect = { x: number; y: number; width: number; height: number };
  type Model = { getComponent(type: string, index: number): { coordinateSystem?: { getRect(): Rect } } | undefined };
  const rect = (chart as unknown as { getModel(): Model | undefined }).getModel()?.getComponent('grid', 0)?.coordinateSystem?.getRect();
  return rect && rect.width > 0 && rect.height > 0 ? { x: rect.x, y: rect.y, width: rect.width, height: rect.height } : null;
}
