// Seeded synthetic data sets: six 2-D classification shapes (LECTURE §1's model-bias and
// overfitting labs) and two 1-D regressions (the bias–complexity U curve). Each shape is drawn
// exactly, then N(0, noise²) is added to every coordinate (every target, for regression); the
// size of that noise is kept per sample for curriculum learning.
import type { Synthetic2d } from '../../../preload/experiment';
import { rngFor, Stream } from '../nn/seeds';
import { classification, regression, type Dataset } from './dataset';

export interface SyntheticOptions {
  samples: number;
  noise: number;
  classes: number;
  seed: number;
}

export function synthetic2d(shape: Synthetic2d, o: SyntheticOptions): Dataset {
  const rng = rngFor(o.seed, Stream.data);
  const n = o.samples;
  const k = o.classes;
  const x = new Float32Array(2 * n);
  const labels = new Int32Array(n);
  const noise = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    // Balanced classes: sample i belongs to class i mod k (shapes with their own rule override it).
    let c = i % k;
    let a = 0;
    let b = 0;
    const u = rng.next();
    switch (shape) {
      case 'spiral': {
        // k interleaved arms of 1.5 turns from the centre outwards.
        const angle = (2 * Math.PI * c) / k + 3 * Math.PI * u;
        a = u * Math.cos(angle);
        b = u * Math.sin(angle);
        break;
      }
      case 'circles': {
        const r = c === 0 ? 1 : 0.5;
        a = r * Math.cos(2 * Math.PI * u);
        b = r * Math.sin(2 * Math.PI * u);
        break;
      }
      case 'moons': {
        const t = Math.PI * u;
        // scikit-learn's two moons, centred on the origin.
        a = c === 0 ? Math.cos(t) - 0.5 : 1 - Math.cos(t) - 0.5;
        b = c === 0 ? Math.sin(t) - 0.25 : 0.25 - Math.sin(t);
        break;
      }
      case 'xor':
      case 'checkerboard': {
        a = 2 * u - 1;
        b = 2 * rng.next() - 1;
        if (shape === 'xor') c = a > 0 !== b > 0 ? 1 : 0;
        // A 4 × 4 board; cell (i, j) has class (i + j) mod k.
        else c = (Math.min(3, Math.floor((a + 1) * 2)) + Math.min(3, Math.floor((b + 1) * 2))) % k;
        break;
      }
      case 'blobs': {
        // Centres evenly on a circle of radius 2: the noise is the blob's spread.
        a = 2 * Math.cos((2 * Math.PI * c) / k);
        b = 2 * Math.sin((2 * Math.PI * c) / k);
        break;
      }
    }
    const ea = o.noise * rng.normal();
    const eb = o.noise * rng.normal();
    x[2 * i] = a + ea;
    x[2 * i + 1] = b + eb;
    labels[i] = c;
    noise[i] = Math.hypot(ea, eb);
  }
  return classification(shape, x, 2, labels, k, { noise });
}

export interface RegressionOptions {
  samples: number;
  noise: number;
  degree: number;
  seed: number;
}

/** y = sin(x), x ∈ [−π, π]; or a polynomial of the given degree with N(0,1) coefficients, x ∈ [−1, 1]. */
export function regression1d(kind: 'sine' | 'polynomial', o: RegressionOptions): Dataset {
  const rng = rngFor(o.seed, Stream.data);
  const coefficients = Array.from({ length: o.degree + 1 }, () => rng.normal());
  const n = o.samples;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const noise = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let v: number;
    let clean: number;
    if (kind === 'sine') {
      v = Math.PI * (2 * rng.next() - 1);
      clean = Math.sin(v);
    } else {
      v = 2 * rng.next() - 1;
      clean = 0;
      for (let p = coefficients.length - 1; p >= 0; p--) clean = clean * v + coefficients[p]!;
    }
    const e = o.noise * rng.normal();
    x[i] = v;
    y[i] = clean + e;
    noise[i] = Math.abs(e);
  }
  return regression(kind, x, 1, y, 1, { noise });
}
