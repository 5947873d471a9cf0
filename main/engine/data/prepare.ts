// Turns a data set and a split into what training reads: private copies of features and labels
// with the spec's preprocessing applied — standardisation fitted on the training rows only, label
// noise on training rows only, the mismatch shift on test (or validation) rows only.
import type { DataSpec } from '../../../preload/experiment';
import { ExperimentError } from '../nn/errors';
import { rngFor, Stream } from '../nn/seeds';
import type { Dataset } from './dataset';
import type { Split } from './split';

export interface Preprocess {
  mean: number[];
  std: number[];
}

export interface PreparedData extends Split {
  dataset: Dataset;
  x: Float32Array;
  labels: Int32Array | null;
  values: Float32Array | null;
  /** The standardisation applied (kept with the run for export), or null. */
  preprocess: Preprocess | null;
  /** Per feature, the value a blank (zero) pixel has after preprocessing: what augmentation fills with. */
  background: Float32Array;
  /** Per sample, higher = harder; set when the data can rank it (curriculum learning). */
  noise: Float32Array | null;
}

type Common = { standardize: boolean; labelNoise: number; shift?: { offset: number; scale: number; rotate: number; applyTo: 'test' | 'validation' | 'both' } };

/** Where prepareData's own arrays live: the heap, or shared memory (a pool worker's, pool/prepare-task.ts). */
export interface Arrays {
  f32(length: number): Float32Array;
  i32(length: number): Int32Array;
}

const heap: Arrays = { f32: (n) => new Float32Array(n), i32: (n) => new Int32Array(n) };

/** A copy of `src` in an array from `make`: the same values (float32 to float32 is exact). */
function copy<T extends Float32Array | Int32Array>(src: T, make: (n: number) => T): T {
  const out = make(src.length);
  out.set(src);
  return out;
}

export function prepareData(dataset: Dataset, split: Split, spec: DataSpec, seed: number, arrays: Arrays = heap): PreparedData {
  const o = spec as DataSpec & Common;
  const d = dataset.features;
  const x = copy(dataset.x, arrays.f32);
  const labels = dataset.labels ? copy(dataset.labels, arrays.i32) : null;
  const noise = dataset.noise ? copy(dataset.noise, arrays.f32) : null;

  if (o.labelNoise > 0) {
    if (!labels) throw new ExperimentError('data.labelNoise', 'label noise needs class labels; this data set is a regression');
    const rng = rngFor(seed, Stream.labelNoise);
    const noisy = new Float32Array(dataset.n);
    for (const i of split.train) {
      if (rng.next() >= o.labelNoise) continue;
      // A different class, uniformly among the others.
      labels[i] = (labels[i]! + 1 + Math.floor(rng.next() * (dataset.classes - 1))) % dataset.classes;
      noisy[i] = 1;
    }
    // Flipped labels are the hardest samples of all for a curriculum.
    if (noise) for (let i = 0; i < dataset.n; i++) if (noisy[i]) noise[i] = Infinity;
  }

  if (o.shift) {
    const s = o.shift;
    if (s.rotate !== 0 && d !== 2) throw new ExperimentError('data.shift.rotate', `rotation needs 2-D data; this data set has ${d} features`);
    const rows = s.applyTo === 'test' ? [split.test] : s.applyTo === 'validation' ? [split.validation] : [split.test, split.validation];
    if (rows.every((r) => r.length === 0)) throw new ExperimentError('data.shift.applyTo', `there is no ${s.applyTo === 'both' ? 'test or validation' : s.applyTo} data to shift; set split.${s.applyTo === 'test' ? 'test' : 'validation'} > 0`);
    const cos = Math.cos((s.rotate * Math.PI) / 180);
    const sin = Math.sin((s.rotate * Math.PI) / 180);
    for (const part of rows)
      for (const i of part) {
        const o0 = i * d;
        if (d === 2) {
          const a = x[o0]!;
          const b = x[o0 + 1]!;
          x[o0] = s.scale * (cos * a - sin * b) + s.offset;
          x[o0 + 1] = s.scale * (sin * a + cos * b) + s.offset;
        } else for (let j = 0; j < d; j++) x[o0 + j] = s.scale * x[o0 + j]! + s.offset;
      }
  }

  const background = arrays.f32(d);
  let preprocess: Preprocess | null = null;
  if (o.standardize) {
    const mean = new Float64Array(d);
    const variance = new Float64Array(d);
    for (const i of split.train) for (let j = 0; j < d; j++) mean[j]! += x[i * d + j]!;
    for (let j = 0; j < d; j++) mean[j]! /= split.train.length;
    for (const i of split.train)
      for (let j = 0; j < d; j++) {
        const c = x[i * d + j]! - mean[j]!;
        variance[j]! += c * c;
      }
    // A constant feature (an always-blank pixel) keeps std 1 rather than dividing by zero.
    const std = Array.from(variance, (v) => Math.sqrt(v / split.train.length) || 1);
    for (let i = 0; i < dataset.n; i++) for (let j = 0; j < d; j++) x[i * d + j] = (x[i * d + j]! - mean[j]!) / std[j]!;
    for (let j = 0; j < d; j++) background[j] = -mean[j]! / std[j]!;
    preprocess = { mean: Array.from(mean), std };
  }

  return { ...split, dataset, x, labels, values: dataset.values, preprocess, background, noise };
}

/**
 * Training indices ordered easy → hard for curriculum learning: by the generator's noise, or by
 * distance to the sample's class mean (to the overall mean for regression).
 */
export function curriculumOrder(data: PreparedData, by: 'distance' | 'noise'): Int32Array {
  const train = data.train;
  const d = data.dataset.features;
  const score = new Float64Array(data.dataset.n);
  if (by === 'noise') {
    if (!data.noise) throw new ExperimentError('curriculum.by', `"noise" needs generated data that records its noise; use "distance" for ${data.dataset.name}`);
    for (const i of train) score[i] = data.noise[i]!;
  } else {
    const groups = data.labels ? data.dataset.classes : 1;
    const group = (i: number) => (data.labels ? data.labels[i]! : 0);
    const mean = new Float64Array(groups * d);
    const count = new Float64Array(groups);
    for (const i of train) {
      count[group(i)]!++;
      for (let j = 0; j < d; j++) mean[group(i) * d + j]! += data.x[i * d + j]!;
    }
    for (let g = 0; g < groups; g++) for (let j = 0; j < d; j++) mean[g * d + j]! /= count[g] || 1;
    for (const i of train) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (data.x[i * d + j]! - mean[group(i) * d + j]!) ** 2;
      score[i] = s;
    }
  }
  // Stable on ties: equal scores keep the split's (seeded) order.
  return Int32Array.from([...train].map((i, k) => [i, k] as const).sort((a, b) => score[a[0]]! - score[b[0]]! || a[1] - b[1]).map(([i]) => i));
}
