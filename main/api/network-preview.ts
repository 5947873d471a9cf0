// What the Network lab shows of a data set before and while training: a thinned scatter for
// 2-D classification, the curve for 1-D regression, the first images for image data, and the
// decision boundary a training model draws over the data's window. Pure over a loaded Dataset
// and a model's predict.
import type { DecisionBoundary, NetworkPreview } from '../../preload/contract';
import type { Dataset } from '../engine/data/dataset';

/** Enough points to see the shape; more would only slow the chart and the socket. */
const PREVIEW_POINTS = 1500;
const PREVIEW_IMAGES = 32;
const BOUNDARY_RESOLUTION = 60;

const round = (v: number) => Math.round(v * 1e4) / 1e4;

/** Every k-th sample, so the thinned set keeps the classes' proportions and the seed's order. */
function thinned(n: number, limit: number): number[] {
  const stride = Math.max(1, Math.ceil(n / limit));
  const out: number[] = [];
  for (let i = 0; i < n; i += stride) out.push(i);
  return out;
}

/** The data's bounding box (first two features) with a 10 % margin on each side, rounded outward. */
export function dataWindow(d: Dataset): [[number, number], [number, number]] {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < d.n; i++) {
    const x = d.x[i * d.features]!;
    const y = d.features > 1 ? d.x[i * d.features + 1]! : d.values?.[i * d.targetWidth] ?? 0;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    x0 = Math.min(x0, x); x1 = Math.max(x1, x);
    y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  if (!(x1 > x0)) [x0, x1] = [x0 - 1, x0 + 1];
  if (!(y1 > y0)) [y0, y1] = [y0 - 1, y0 + 1];
  const mx = (x1 - x0) * 0.1, my = (y1 - y0) * 0.1;
  // Out to a round grid (1, 2 or 5 × 10^k, about a sixth of the range) so the axes read 1, 0.5, 0, …
  const outward = (lo: number, hi: number): [number, number] => {
    const rough = (hi - lo) / 6;
    const power = 10 ** Math.floor(Math.log10(rough));
    const step = [1, 2, 5, 10].find((m) => m * power >= rough)! * power;
    return [round(Math.floor(lo / step) * step), round(Math.ceil(hi / step) * step)];
  };
  return [outward(x0 - mx, x1 + mx), outward(y0 - my, y1 + my)];
}

export const isPlanarClassification = (d: { features: number; classes: number }) => d.features === 2 && d.classes >= 2;

export function previewOf(d: Dataset): NetworkPreview {
  const base = { name: d.name, samples: d.n, features: d.features, classes: d.classes, points: [] as [number, number, number][], window: null, images: null };
  if (d.image && d.labels) {
    const { width, height } = d.image;
    const count = Math.min(PREVIEW_IMAGES, d.n);
    const pixels: number[][] = [];
    for (let i = 0; i < count; i++) {
      const row = Array.from(d.x.subarray(i * d.features, (i + 1) * d.features));
      // Grey levels as given (0…16 for digits, 0…255 for IDX, or standardised): scale to [0, 1].
      const lo = Math.min(...row), hi = Math.max(...row);
      pixels.push(row.map((v) => (hi > lo ? round((v - lo) / (hi - lo)) : 0)));
    }
    return { ...base, kind: 'images', images: { width, height, pixels, labels: Array.from(d.labels.subarray(0, count)) } };
  }
  if (isPlanarClassification(d) && d.labels) {
    const points = thinned(d.n, PREVIEW_POINTS).map((i) => [round(d.x[2 * i]!), round(d.x[2 * i + 1]!), d.labels![i]!] as [number, number, number]);
    return { ...base, kind: 'points', points, window: dataWindow(d) };
  }
  if (d.features === 1 && d.values && d.targetWidth === 1) {
    const points = thinned(d.n, PREVIEW_POINTS)
      .map((i) => [round(d.x[i]!), round(d.values![i]!), 0] as [number, number, number])
      .sort((a, b) => a[0] - b[0]);
    return { ...base, kind: 'curve', points, window: dataWindow(d) };
  }
  return { ...base, kind: 'table' };
}

/** Cell centres of the boundary grid, as raw feature rows for model.predict. */
export function boundaryGrid(window: [[number, number], [number, number]], resolution = BOUNDARY_RESOLUTION): Float32Array {
  const [[x0, x1], [y0, y1]] = window;
  const rows = new Float32Array(resolution * resolution * 2);
  for (let j = 0; j < resolution; j++)
    for (let i = 0; i < resolution; i++) {
      const k = j * resolution + i;
      rows[2 * k] = x0 + ((i + 0.5) * (x1 - x0)) / resolution;
      rows[2 * k + 1] = y0 + ((j + 0.5) * (y1 - y0)) / resolution;
    }
  return rows;
}

/**
 * The winning class and its probability per cell from the network's raw outputs (logits):
 * softmax over several outputs, a sigmoid for one (bce: class 1 when the logit is positive).
 */
export function boundaryFrom(
  outputs: Float32Array,
  outSize: number,
  classes: number,
  window: [[number, number], [number, number]],
  resolution = BOUNDARY_RESOLUTION,
): DecisionBoundary {
  const cells = resolution * resolution;
  const argmax = new Array<number>(cells);
  const confidence = new Array<number>(cells);
  for (let c = 0; c < cells; c++) {
    if (outSize === 1) {
      const p = 1 / (1 + Math.exp(-outputs[c]!));
      argmax[c] = p >= 0.5 ? 1 : 0;
      confidence[c] = round(Math.max(p, 1 - p));
      continue;
    }
    let best = 0;
    for (let k = 1; k < outSize; k++) if (outputs[c * outSize + k]! > outputs[c * outSize + best]!) best = k;
    let sum = 0;
    for (let k = 0; k < outSize; k++) sum += Math.exp(outputs[c * outSize + k]! - outputs[c * outSize + best]!);
    argmax[c] = best;
    confidence[c] = Number.isFinite(sum) ? round(1 / sum) : 0;
  }
  return { window, resolution, classes, argmax, confidence };
}
