// Loss landscapes around saved weights: the 1-D linear interpolation θ(α) = (1−α)·θ₀ + α·θ₁
// between two weight vectors (Goodfellow et al. 2015; init → final, or two runs), and 2-D slices
// θ + x·δ + y·η along two random directions that are *filter-normalized* (Li et al. 2018,
// "Visualizing the Loss Landscape of Neural Nets"): each filter of the direction — for a dense
// layer, the row of W feeding one output unit — is rescaled to the norm of the same filter of θ,
// so that the picture does not depend on the scale invariances of the weights. As in their code,
// biases and normalisation parameters get no direction component.
import { createRng } from '../random';
import { Dense } from '../nn/dense';
import type { Layer } from '../nn/layer';
import type { Network } from '../nn/network';
import { Residual } from '../nn/residual';
import type { TrainingObjective } from './dual-network';

/** [start, end) of every filter (dense weight row) in the flat parameter vector. */
export function filterRanges(network: Network): [number, number][] {
  const ranges: [number, number][] = [];
  let p = 0;
  const visit = (layers: Layer[]) => {
    for (const layer of layers) {
      if (layer instanceof Residual) {
        visit(layer.inner);
        continue;
      }
      if (layer instanceof Dense) for (let o = 0; o < layer.outSize; o++) ranges.push([p + o * layer.inSize, p + (o + 1) * layer.inSize]);
      p += layer.paramSize;
    }
  };
  visit(network.layers);
  return ranges;
}

/** A Gaussian direction with every filter rescaled to ‖θ_filter‖; zero on biases and normalisation parameters. */
export function filterNormalizedDirection(network: Network, theta: ArrayLike<number>, seed: number): Float64Array {
  const rng = createRng(seed);
  const d = new Float64Array(network.paramSize);
  for (const [a, b] of filterRanges(network)) {
    let dn = 0;
    let tn = 0;
    for (let i = a; i < b; i++) {
      d[i] = rng.normal();
      dn += d[i]! * d[i]!;
      tn += theta[i]! * theta[i]!;
    }
    const scale = dn > 0 ? Math.sqrt(tn / dn) : 0;
    for (let i = a; i < b; i++) d[i]! *= scale;
  }
  return d;
}

/** The training loss at θ (the objective's network is moved there and put back). */
function lossAt(objective: TrainingObjective, theta: ArrayLike<number>): number {
  const params = objective.network.params;
  const saved = Float64Array.from(params);
  params.set(theta);
  try {
    return objective.evaluate(null).loss;
  } finally {
    params.set(saved);
  }
}

export interface Interpolation {
  alphas: number[];
  losses: number[];
}

/** Loss along θ(α) = (1−α)·from + α·to for α from −0.5 to 1.5 (endpoints at α = 0 and 1 included exactly). */
export function interpolate(objective: TrainingObjective, from: ArrayLike<number>, to: ArrayLike<number>, points = 41): Interpolation {
  const alphas = Array.from({ length: points }, (_, i) => -0.5 + (2 * i) / (points - 1));
  const theta = new Float64Array(from.length);
  const losses = alphas.map((a) => {
    for (let i = 0; i < theta.length; i++) theta[i] = (1 - a) * from[i]! + a * to[i]!;
    return lossAt(objective, theta);
  });
  return { alphas, losses };
}

export interface Slice {
  xs: number[];
  ys: number[];
  /** z[j][i] = L(θ + xs[i]·δ + ys[j]·η). */
  z: number[][];
}

/** The loss on the plane θ + x·δ + y·η over [−range, range]², resolution × resolution points. */
export function slice2d(
  objective: TrainingObjective,
  center: ArrayLike<number>,
  d1: ArrayLike<number>,
  d2: ArrayLike<number>,
  range = 1,
  resolution = 25,
  onRow?: (done: number, total: number) => void,
): Slice {
  const axis = Array.from({ length: resolution }, (_, i) => -range + (2 * range * i) / (resolution - 1));
  const theta = new Float64Array(center.length);
  const z = axis.map((y, j) => {
    const row = axis.map((x) => {
      for (let i = 0; i < theta.length; i++) theta[i] = center[i]! + x * d1[i]! + y * d2[i]!;
      return lossAt(objective, theta);
    });
    onRow?.(j + 1, resolution);
    return row;
  });
  return { xs: axis, ys: axis, z };
}
