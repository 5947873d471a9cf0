// The pool's own workload: a linear model, y ≈ w·x + b, with squared loss (least squares) or
// logistic loss (labels 0/1), over a data set in shared memory. Small enough to check by hand
// (least squares has a closed-form optimum), big enough to show thread scaling; it is the
// reference user of the ParallelModel interface the network engine plugs into.
import { createRng } from '../random';
import type { ChunkRange, ModelFactory, ModelSource, ParallelModel } from './model';
import { floatView, type Dtype, type FloatArray } from './shared';

export interface LinearOptions {
  features: number;
  samples: number;
  loss: 'squared' | 'logistic';
  dtype: Dtype;
  /** λ of the L2 penalty λ/2·‖w‖² on the weights (not the bias); default 0. */
  l2?: number;
}

export const linearModel: ModelFactory = {
  shape: (options) => {
    const { features, samples, dtype } = options as LinearOptions;
    return { dtype, paramCount: features + 1, sampleCount: samples };
  },
  create: createLinearModel,
};

function createLinearModel(options: unknown, data: Record<string, SharedArrayBuffer>): ParallelModel {
  const { features: d, samples: n, loss, dtype, l2 = 0 } = options as LinearOptions;
  const x = floatView(dtype, data.x!);
  const y = floatView(dtype, data.y!);
  if (x.length !== n * d || y.length !== n) throw new RangeError(`linear model: data holds ${x.length} features and ${y.length} targets, expected ${n}×${d} and ${n}`);
  const logistic = loss === 'logistic';
  return {
    paramCount: d + 1,
    sampleCount: n,
    init(params) {
      // Zero is a fine start for a convex loss and needs no randomness.
      params.fill(0);
    },
    chunkGradient(params: FloatArray, chunk: ChunkRange, out: FloatArray): number {
      out.fill(0);
      let lossSum = 0;
      for (let k = chunk.start; k < chunk.end; k++) {
        const i = chunk.order[k]!;
        const row = i * d;
        let z = params[d]!;
        for (let j = 0; j < d; j++) z += params[j]! * x[row + j]!;
        let r: number;
        if (logistic) {
          const t = y[i]!;
          // log(1 + e^z) − t·z, computed without overflow for large |z|.
          lossSum += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - t * z;
          r = 1 / (1 + Math.exp(-z)) - t;
        } else {
          r = z - y[i]!;
          lossSum += 0.5 * r * r;
        }
        for (let j = 0; j < d; j++) out[j] = out[j]! + r * x[row + j]!;
        out[d] = out[d]! + r;
      }
      return lossSum;
    },
    ...(l2 > 0
      ? {
          penalty(params: FloatArray, grad: FloatArray): number {
            let sq = 0;
            for (let j = 0; j < d; j++) {
              sq += params[j]! * params[j]!;
              grad[j] = grad[j]! + l2 * params[j]!;
            }
            return 0.5 * l2 * sq;
          },
        }
      : {}),
  };
}

/**
 * A seeded synthetic data set in shared memory: x ~ N(0, 1), w* ~ N(0, 1), b* = 0.5;
 * squared: y = w*·x + b* + noise·N(0, 1); logistic: y = 1 when that is > 0, else 0.
 */
export function makeLinearSource(opts: { seed: number; samples: number; features: number; noise: number; loss: 'squared' | 'logistic'; dtype: Dtype; l2?: number }): ModelSource {
  const { seed, samples: n, features: d, noise, loss, dtype, l2 = 0 } = opts;
  const rng = createRng(seed);
  const bytes = dtype === 'float32' ? 4 : 8;
  const xBuf = new SharedArrayBuffer(n * d * bytes);
  const yBuf = new SharedArrayBuffer(n * bytes);
  const x = floatView(dtype, xBuf);
  const y = floatView(dtype, yBuf);
  const w = Array.from({ length: d }, () => rng.normal());
  for (let i = 0; i < n; i++) {
    let z = 0.5;
    for (let j = 0; j < d; j++) {
      x[i * d + j] = rng.normal();
      z += w[j]! * x[i * d + j]!;
    }
    z += noise * rng.normal();
    y[i] = loss === 'logistic' ? (z > 0 ? 1 : 0) : z;
  }
  const options: LinearOptions = { features: d, samples: n, loss, dtype, l2 };
  return { kind: 'linear', options, data: { x: xBuf, y: yBuf } };
}
