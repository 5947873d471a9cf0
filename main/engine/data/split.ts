// Seeded splits. A permutation of the samples is cut into test, validation and training parts in
// that order; N-fold cross-validation cuts the non-test part into N folds of near-equal size,
// each sample in exactly one fold (LECTURE §1: choose by validation, never by the test set).
import { rngFor, Stream } from '../nn/seeds';

export interface Split {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/** Fisher–Yates on 0…n−1 with the run's seed. */
export function permutation(n: number, seed: number, ...coordinates: number[]): Int32Array {
  const rng = rngFor(seed, ...coordinates);
  // A plain loop: Int32Array.from with a map function is many times slower (every epoch's start waits for it).
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

export function splitData(n: number, fractions: { validation: number; test: number }, seed: number): Split {
  const p = permutation(n, seed, Stream.split);
  const nTest = Math.round(fractions.test * n);
  const nVal = Math.round(fractions.validation * n);
  return { test: p.slice(0, nTest), validation: p.slice(nTest, nTest + nVal), train: p.slice(nTest + nVal) };
}

/** N folds of `indices`: fold k validates on the k-th part and trains on the others. */
export function kFold(indices: Int32Array, folds: number): { train: Int32Array; validation: Int32Array }[] {
  const bounds = Array.from({ length: folds + 1 }, (_, k) => Math.round((k * indices.length) / folds));
  return Array.from({ length: folds }, (_, k) => {
    const validation = indices.slice(bounds[k], bounds[k + 1]);
    const train = new Int32Array(indices.length - validation.length);
    train.set(indices.subarray(0, bounds[k]));
    train.set(indices.subarray(bounds[k + 1]), bounds[k]);
    return { train, validation };
  });
}
