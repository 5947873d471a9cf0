// The generalization-bound lab (LECTURE §6, "Pokémon vs Digimon"): one feature, an image's edge
// count e(x) ∈ {1 … 10000}; classifiers f_h(x) = Pokémon if e(x) ≥ h, for h ∈ H = {1 … |H|};
// loss = error rate. From a fixed population D_all, sample K training sets of N examples (i.i.d.,
// with replacement, which is what Hoeffding's inequality assumes), pick h_train on each, and see
//   - the gap L(h_train, D_all) − L(h_all, D_all) (almost always tiny),
//   - how often a training set is "bad": ∃h: |L(h, D_train) − L(h, D_all)| > ε,
//   - against the bound P(bad) ≤ |H|·2·exp(−2Nε²), and the N ≥ ln(2|H|/p)/(2ε²) that makes it ≤ p.
// A small |H| (thresholds only up to |H|) may exclude the good thresholds: L(h_all, D_all) rises.
import type { BoundLabResult } from '../../../preload/contract';
import { createRng } from '../random';

/** Edge counts lie in 1 … MAX_EDGES, like the lecture's 10,000 candidate thresholds. */
export const MAX_EDGES = 10000;

export interface BoundLabOptions {
  /** Examples per training set. */
  n: number;
  /** |H|: thresholds 1 … |H|. */
  hypotheses: number;
  epsilon: number;
  /** K: training sets sampled. */
  trainingSets: number;
  /** Target probability p for the N needed. */
  target: number;
  seed: number;
  /** Population size per class. */
  perClass?: number;
}

/** Hoeffding + union bound on P(D_train is bad): |H|·2·exp(−2Nε²) (may exceed 1: then it says nothing). */
export function badProbabilityBound(hypotheses: number, n: number, epsilon: number): number {
  return hypotheses * 2 * Math.exp(-2 * n * epsilon * epsilon);
}

/** N ≥ ln(2|H|/p) / (2ε²), rounded up. */
export function samplesNeeded(hypotheses: number, epsilon: number, p: number): number {
  return Math.ceil(Math.log((2 * hypotheses) / p) / (2 * epsilon * epsilon));
}

/** A seeded population: Digimon have fewer edges than Pokémon, overlapping so that the best threshold errs ~28 %. */
export function edgePopulation(seed: number, perClass = 1000): { edges: Int32Array; pokemon: Uint8Array } {
  const rng = createRng(seed);
  const edges = new Int32Array(2 * perClass);
  const pokemon = new Uint8Array(2 * perClass);
  const draw = (mean: number) => Math.min(MAX_EDGES, Math.max(1, Math.round(mean + 1400 * rng.normal())));
  for (let i = 0; i < perClass; i++) {
    edges[i] = draw(5300);
    pokemon[i] = 1;
    edges[perClass + i] = draw(3700);
  }
  return { edges, pokemon };
}

/**
 * errors[h] for h = 1 … |H| of the threshold rule on examples given as per-edge-count class
 * counts: Pokémon with e < h plus Digimon with e ≥ h — one cumulative pass.
 */
function errorCounts(pokemonAt: Int32Array, digimonAt: Int32Array, hypotheses: number): Int32Array {
  let digimonTotal = 0;
  for (let e = 1; e <= MAX_EDGES; e++) digimonTotal += digimonAt[e]!;
  const errors = new Int32Array(hypotheses + 1);
  let pokemonBelow = 0;
  let digimonBelow = 0;
  for (let h = 1; h <= hypotheses; h++) {
    pokemonBelow += pokemonAt[h - 1]!;
    digimonBelow += digimonAt[h - 1]!;
    errors[h] = pokemonBelow + (digimonTotal - digimonBelow);
  }
  return errors;
}

function argmin(errors: Int32Array): number {
  let best = 1;
  for (let h = 2; h < errors.length; h++) if (errors[h]! < errors[best]!) best = h;
  return best;
}

export function runBoundLab(o: BoundLabOptions): BoundLabResult {
  const work = boundLabSteps(o);
  for (;;) {
    const r = work.next();
    if (r.done) return r.value;
  }
}

/** The same computation as a generator that yields after each sampled training set (a caller on a busy thread may pause there). */
export function* boundLabSteps(o: BoundLabOptions): Generator<void, BoundLabResult> {
  const { edges, pokemon } = edgePopulation(o.seed, o.perClass);
  const m = edges.length;
  const H = o.hypotheses;
  const allP = new Int32Array(MAX_EDGES + 1);
  const allD = new Int32Array(MAX_EDGES + 1);
  for (let i = 0; i < m; i++) (pokemon[i] ? allP : allD)[edges[i]!]!++;
  const allErrors = errorCounts(allP, allD, H);
  const hAll = argmin(allErrors);
  const lossAll = allErrors[hAll]! / m;

  const rng = createRng(o.seed + 1);
  const gaps = new Float64Array(o.trainingSets);
  const deviations = new Float64Array(o.trainingSets);
  const tp = new Int32Array(MAX_EDGES + 1);
  const td = new Int32Array(MAX_EDGES + 1);
  for (let k = 0; k < o.trainingSets; k++) {
    tp.fill(0);
    td.fill(0);
    for (let j = 0; j < o.n; j++) {
      const i = Math.floor(rng.next() * m);
      (pokemon[i] ? tp : td)[edges[i]!]!++;
    }
    const errors = errorCounts(tp, td, H);
    const hTrain = argmin(errors);
    gaps[k] = allErrors[hTrain]! / m - lossAll;
    let worst = 0;
    for (let h = 1; h <= H; h++) worst = Math.max(worst, Math.abs(errors[h]! / o.n - allErrors[h]! / m));
    deviations[k] = worst;
    yield;
  }

  const epsilons = Array.from({ length: 50 }, (_, i) => (0.25 * (i + 1)) / 50);
  const badFraction = (eps: number) => deviations.reduce((c, d) => c + (d > eps ? 1 : 0), 0) / o.trainingSets;
  const binWidth = 250;
  const pokemonEdges = new Array<number>(MAX_EDGES / binWidth).fill(0);
  const digimonEdges = new Array<number>(MAX_EDGES / binWidth).fill(0);
  for (let i = 0; i < m; i++) (pokemon[i] ? pokemonEdges : digimonEdges)[Math.min(pokemonEdges.length - 1, Math.floor((edges[i]! - 1) / binWidth))]!++;
  return {
    population: m,
    hAll,
    lossAll,
    edgeBinWidth: binWidth,
    pokemonEdges,
    digimonEdges,
    gapBins: histogram(gaps, 30),
    gapMean: gaps.reduce((s, g) => s + g, 0) / gaps.length,
    gapMax: gaps.reduce((s, g) => Math.max(s, g), 0),
    epsilons,
    badFraction: epsilons.map(badFraction),
    bound: epsilons.map((e) => badProbabilityBound(H, o.n, e)),
    badAtEpsilon: badFraction(o.epsilon),
    boundAtEpsilon: badProbabilityBound(H, o.n, o.epsilon),
    nNeeded: samplesNeeded(H, o.epsilon, o.target),
  };
}

function histogram(values: Float64Array, bins: number): { from: number; to: number; count: number }[] {
  const max = Math.max(1e-3, ...values);
  const width = max / bins;
  const out = Array.from({ length: bins }, (_, i) => ({ from: i * width, to: (i + 1) * width, count: 0 }));
  for (const v of values) out[Math.min(bins - 1, Math.floor(v / width))]!.count++;
  return out;
}
