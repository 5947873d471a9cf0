// Gradient noise of mini-batches (LECTURE §3, the batch-size lab).
//
// At one fixed set of weights θ, with n training samples and per-sample gradients g_i = ∇ℓ_i(θ):
//   full-batch gradient   ḡ   = (1/n) Σ_i g_i
//   per-sample variance   σ²  = (1/n) Σ_i ‖g_i − ḡ‖²                  (trace of the covariance)
//   mini-batch gradient   g_B = (1/B) Σ_{i∈S} g_i,  S a uniformly random B-subset (no repeats,
//                               as the B samples of one batch of a shuffled epoch)
//   noise level           N(B) = E_S ‖g_B − ḡ‖²
// Exactly (sampling without replacement):  N(B) = σ²/B · (n − B)/(n − 1),  so ≈ σ²/B when B ≪ n
// (i.i.d. averaging) and 0 at B = n. `measured` estimates N(B) from `draws` random batches;
// `predicted` is the closed form from σ². Both are reported: the first is what a training run
// meets, the second shows the 1/B law without the sampling error of a finite number of draws.
import type { ExperimentSpec } from '../../../preload/experiment';
import type { PreparedData } from '../data/prepare';
import { createRng } from '../random';
import { Trainer, type Weights } from '../nn/trainer';

/** Anything that gives the mean gradient of the loss over a set of training samples at fixed weights. */
export interface GradientSource {
  /** Training samples, indexed 0…count−1. */
  readonly count: number;
  /** Gradient length (parameters). */
  readonly size: number;
  /** Overwrites `out` with (1/|ids|) Σ_{i∈ids} ∇ℓ_i. */
  meanGradient(ids: Int32Array, out: Float64Array): void;
}

export interface NoiseLevel {
  batchSize: number;
  /** σ²/B · (n − B)/(n − 1). */
  predicted: number;
  /** Mean of ‖g_B − ḡ‖² over `draws` random batches. */
  measured: number;
  /** Standard error of `measured` (sample std of the draws / √draws). */
  standardError: number;
  draws: number;
}

export interface NoiseStats {
  samples: number;
  params: number;
  /** ‖ḡ‖²: the signal the noise is compared with. */
  fullGradientNormSq: number;
  /** σ². */
  perSampleVariance: number;
  levels: NoiseLevel[];
}

export interface NoiseOptions {
  /** Random batches per batch size (default 40). */
  draws?: number;
  seed?: number;
  /** Called between pieces of work (e.g. to yield to the event loop); may be async. */
  onProgress?: () => void | Promise<void>;
}

const sqDist = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s;
};

/** The closed form N(B) = σ²/B · (n − B)/(n − 1) (B capped at n). */
export function predictedNoise(perSampleVariance: number, n: number, batchSize: number): number {
  const b = Math.min(batchSize, n);
  return n > 1 ? (perSampleVariance / b) * ((n - b) / (n - 1)) : 0;
}

/** σ², ‖ḡ‖² and N(B) for each batch size, at the weights `source` computes gradients for. */
export async function gradientNoise(source: GradientSource, batchSizes: readonly number[], options: NoiseOptions = {}): Promise<NoiseStats> {
  const n = source.count;
  const p = source.size;
  const draws = Math.max(2, options.draws ?? 40);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const full = new Float64Array(p);
  source.meanGradient(all, full);
  const g = new Float64Array(p);
  const one = new Int32Array(1);
  let variance = 0;
  for (let i = 0; i < n; i++) {
    one[0] = i;
    source.meanGradient(one, g);
    variance += sqDist(g, full);
  }
  variance /= n;
  await options.onProgress?.();

  const rng = createRng(options.seed ?? 1);
  const pool = Int32Array.from(all);
  const levels: NoiseLevel[] = [];
  for (const batchSize of batchSizes) {
    const b = Math.min(batchSize, n);
    let sum = 0;
    let sumSq = 0;
    for (let d = 0; d < draws; d++) {
      // Partial Fisher–Yates: the first b entries become a uniform b-subset.
      for (let k = 0; k < b; k++) {
        const j = k + Math.floor(rng.next() * (n - k));
        const tmp = pool[k]!;
        pool[k] = pool[j]!;
        pool[j] = tmp;
      }
      source.meanGradient(pool.subarray(0, b), g);
      const e = sqDist(g, full);
      sum += e;
      sumSq += e * e;
    }
    const measured = sum / draws;
    const sd = Math.sqrt(Math.max(0, (sumSq - draws * measured * measured) / (draws - 1)));
    levels.push({ batchSize, predicted: predictedNoise(variance, n, batchSize), measured, standardError: sd / Math.sqrt(draws), draws });
    await options.onProgress?.();
  }
  let normSq = 0;
  for (let i = 0; i < p; i++) normSq += full[i]! * full[i]!;
  return { samples: n, params: p, fullGradientNormSq: normSq, perSampleVariance: variance, levels };
}

/**
 * The training loss of a network experiment as a GradientSource over its training samples, at the
 * run's seeded initial weights (or `weights`): the very chunk gradients training uses (training
 * mode, epoch 0), added in float64. The L2 term is left out: it is the same for every batch, so
 * it moves ḡ and g_B alike and adds no noise.
 */
export function networkGradientSource(spec: ExperimentSpec, data: PreparedData, weights?: Weights): GradientSource {
  const trainer = new Trainer({ ...spec, batchSize: 32, l2: 0 }, data, weights ? { initialWeights: weights } : {});
  const net = trainer.network;
  const rows = trainer.chunkRows;
  const train = data.train;
  const ids = new Int32Array(rows);
  return {
    count: train.length,
    size: net.paramSize,
    meanGradient(sel, out) {
      out.fill(0);
      for (let c = 0; c < sel.length; c += rows) {
        const m = Math.min(rows, sel.length - c);
        for (let r = 0; r < m; r++) ids[r] = train[sel[c + r]!]!;
        trainer.chunkGradient(ids.subarray(0, m), 0, sel.length);
        const grads = net.grads;
        for (let i = 0; i < out.length; i++) out[i] = out[i]! + grads[i]!;
      }
    },
  };
}
