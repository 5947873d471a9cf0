// Gradient noise's counter stream (random.ts counterNormals, optim/wrappers.ts): Philox4x32-10
// against Random123's published known answers; Box–Muller's ln, cos and sin (basic operations
// only) within 1 ulp of V8's Math.log/cos/sin; normals z(seed, t, i) that are a pure function of
// their coordinates (a slice gives the whole vector's bits), standard normal by mean, variance,
// tails and a Kolmogorov–Smirnov test, independent across i, t and seeds; the wrapper applied
// slice by slice (three uneven slices, float32 and float64, inside Lookahead) equal to the
// whole-array pass bit for bit; a resume from the saved state (no generator: the update count
// only) continues bit for bit; and the sequential stream is still the xoshiro128** stream.
import { describe, expect, it } from 'vitest';
import { optimizerSpec, type OptimizerSpec } from '../../../preload/spec';
import { createOptimizer, hasGradientNoise, noiseShardable, type Vec } from '../../../main/engine/optim';
import { decodeState, encodeState, restoreState, snapshotState } from '../../../main/engine/optim/snapshot';
import { cosSinOfTurn, counterNormal, counterNormals, createRng, logOfCount, philox4x32 } from '../../../main/engine/random';

const hex = (words: ArrayLike<number>) => Array.from(words, (w) => w.toString(16).padStart(8, '0')).join(' ');

describe('Philox4x32-10', () => {
  // Random123 1.14, tests/kat_vectors: "philox4x32 10 <counter ×4> <key ×2>  <output ×4>".
  it.each([
    [[0, 0, 0, 0, 0, 0], '6627e8d5 e169c58d bc57ac4c 9b00dbd8'],
    [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], '408f276d 41c83b0e a20bc7c6 6d5451fd'],
    [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0], 'd16cfe09 94fdcceb 5001e420 24126ea1'],
  ])('known answer %#', (input, expected) => {
    const [c0, c1, c2, c3, k0, k1] = input as [number, number, number, number, number, number];
    expect(hex(philox4x32(c0, c1, c2, c3, k0, k1))).toBe(expected);
  });

  it('a one-bit change of counter or key changes about half the output bits (avalanche)', () => {
    let flipped = 0;
    let trials = 0;
    const popcount = (x: number) => {
      let n = 0;
      for (let v = x >>> 0; v; v &= v - 1) n++;
      return n;
    };
    for (let c = 0; c < 200; c++) {
      const a = philox4x32(c, 7, 3, 0, 11, 13);
      for (let bit = 0; bit < 32; bit += 7) {
        const b = philox4x32(c ^ (1 << bit), 7, 3, 0, 11, 13);
        for (let w = 0; w < 4; w++) flipped += popcount(a[w]! ^ b[w]!);
        trials += 128;
      }
    }
    expect(Math.abs(flipped / trials - 0.5)).toBeLessThan(0.01);
  });
});

describe('Box–Muller’s ln, cos and sin from basic operations', () => {
  const ulp = (x: number) => 2 ** (Math.floor(Math.log2(Math.abs(x))) - 52);
  // A fixed spread of 32-bit words (a Weyl sequence) plus the edges.
  const words = [0, 1, 2, 3, 2 ** 29 - 1, 2 ** 29, 2 ** 30, 2 ** 31 - 1, 2 ** 31, 3 * 2 ** 30, 2 ** 32 - 2, 2 ** 32 - 1];
  for (let k = 0; k < 200_000; k++) words.push((k * 0x9e3779b9 + 12345) % 4294967296);

  it('ln(n/2³²) is within 1 ulp of V8’s Math.log, and exact at 1 and at powers of two', () => {
    let worst = 0;
    for (const w of words) {
      const ref = Math.log((w + 1) / 4294967296);
      if (ref !== 0) worst = Math.max(worst, Math.abs(logOfCount(w + 1) - ref) / ulp(ref));
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(logOfCount(4294967296)).toBe(0);
    expect(logOfCount(2 ** 31)).toBe(-Math.LN2);
    expect(logOfCount(1)).toBe(-32 * Math.LN2);
  });

  it('cos and sin of 2πw/2³² are within 1 ulp of Math.cos/Math.sin of the reduced angle, exact at quarter turns', () => {
    const cs = new Float64Array(2);
    const step = (2 * Math.PI) / 4294967296;
    let worst = 0;
    for (const w of words) {
      cosSinOfTurn(w, cs);
      const q = Math.floor((w + 2 ** 29) / 2 ** 30);
      const x = (w - q * 2 ** 30) * step;
      const [c, s] = [Math.cos(x), Math.sin(x)];
      const ref = [[c, s], [-s, c], [-c, -s], [s, -c]][q & 3]!;
      for (let k = 0; k < 2; k++) if (ref[k] !== 0) worst = Math.max(worst, Math.abs(cs[k]! - ref[k]!) / ulp(ref[k]!));
    }
    expect(worst).toBeLessThanOrEqual(1);
    for (const [w, expected] of [[0, [1, 0]], [2 ** 30, [-0, 1]], [2 ** 31, [-1, -0]], [3 * 2 ** 30, [0, -1]]] as const) {
      cosSinOfTurn(w, cs);
      expect(Array.from(cs).map((v) => v + 0)).toEqual(expected.map((v) => v + 0));
    }
  });
});

/** Φ(x) through erfc (W. J. Cody's rational Chebyshev form is overkill here: Numerical Recipes' erfc, |error| < 1.2e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807
    + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(poly);
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sa = 0;
  let sb = 0;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  const n = a.length;
  for (let i = 0; i < n; i++) {
    sa += a[i]!;
    sb += b[i]!;
    sab += a[i]! * b[i]!;
    saa += a[i]! * a[i]!;
    sbb += b[i]! * b[i]!;
  }
  return (sab / n - (sa / n) * (sb / n)) / Math.sqrt((saa / n - (sa / n) ** 2) * (sbb / n - (sb / n) ** 2));
}

describe('counter-based normals z(seed, t, i)', () => {
  const n = 200_000;
  const z = counterNormals(42, 0, 0, new Float64Array(n));

  it('are a pure function of (seed, t, i): any slice, at any offset, has the whole vector’s bits', () => {
    const whole = counterNormals(9, 5, 0, new Float64Array(103));
    for (const [lo, hi] of [[0, 103], [1, 2], [3, 9], [4, 8], [5, 64], [61, 103], [102, 103]] as const) {
      expect(counterNormals(9, 5, lo, new Float64Array(hi - lo))).toEqual(whole.subarray(lo, hi));
    }
    expect(counterNormal(9, 5, 77)).toBe(whole[77]);
    // Far indices: the block's high counter word.
    const far = 4 * 2 ** 32 + 5;
    expect(counterNormals(9, 5, far - 2, new Float64Array(4))[2]).toBe(counterNormal(9, 5, far));
    expect(counterNormal(9, 5, far)).not.toBe(counterNormal(9, 5, 5));
  });

  it('differ between seeds and between updates', () => {
    const a = counterNormals(1, 0, 0, new Float64Array(64));
    expect(counterNormals(2, 0, 0, new Float64Array(64))).not.toEqual(a);
    expect(counterNormals(1, 1, 0, new Float64Array(64))).not.toEqual(a);
  });

  it('are finite and standard normal: mean 0, variance 1, kurtosis 3, tails beyond 2σ and 3σ', () => {
    let sum = 0;
    let sq = 0;
    let fourth = 0;
    let beyond2 = 0;
    let beyond3 = 0;
    let finite = 0;
    for (const v of z) {
      if (Number.isFinite(v)) finite++;
      sum += v;
      sq += v * v;
      fourth += v ** 4;
      if (Math.abs(v) > 2) beyond2++;
      if (Math.abs(v) > 3) beyond3++;
    }
    expect(finite).toBe(n);
    // Five standard errors each: se(mean) = 1/√n, se(s²) = √(2/n), se(m₄) = √(96/n), binomial tails.
    expect(Math.abs(sum / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(sq / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(fourth / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
    const p2 = 0.0455003;
    const p3 = 0.0026998;
    expect(Math.abs(beyond2 / n - p2)).toBeLessThan(5 * Math.sqrt((p2 * (1 - p2)) / n));
    expect(Math.abs(beyond3 / n - p3)).toBeLessThan(5 * Math.sqrt((p3 * (1 - p3)) / n));
  });

  it('pass a Kolmogorov–Smirnov test against Φ (and the test rejects a variance of 1.1)', () => {
    const ks = (xs: Float64Array, scale = 1) => {
      const sorted = Float64Array.from(xs, (x) => x * scale).sort();
      let d = 0;
      for (let i = 0; i < sorted.length; i++) {
        const f = normalCdf(sorted[i]!);
        d = Math.max(d, (i + 1) / sorted.length - f, f - i / sorted.length);
      }
      return d;
    };
    // Critical value at α = 0.001: 1.949/√n.
    const critical = 1.949 / Math.sqrt(n);
    expect(ks(z)).toBeLessThan(critical);
    expect(ks(z, Math.sqrt(1.1))).toBeGreaterThan(critical);
  });

  it('are uncorrelated across neighbouring indices (within and across Box–Muller pairs and Philox blocks), updates and seeds', () => {
    const m = 100_000;
    const bound = 5 / Math.sqrt(m);
    const lagged = (lag: number) => correlation(z.subarray(0, m), z.subarray(lag, lag + m));
    for (const lag of [1, 2, 3, 4, 5, 8]) expect(Math.abs(lagged(lag))).toBeLessThan(bound);
    // Magnitudes too: the pair (z₀, z₁) shares its radius, yet z₀² and z₁² are independent.
    const squares = z.map((v) => v * v);
    expect(Math.abs(correlation(squares.subarray(0, m), squares.subarray(1, m + 1)))).toBeLessThan(bound);
    const next = counterNormals(42, 1, 0, new Float64Array(m));
    expect(Math.abs(correlation(z.subarray(0, m), next))).toBeLessThan(bound);
    expect(Math.abs(correlation(squares.subarray(0, m), next.map((v) => v * v)))).toBeLessThan(bound);
    const otherSeed = counterNormals(43, 0, 0, new Float64Array(m));
    expect(Math.abs(correlation(z.subarray(0, m), otherSeed))).toBeLessThan(bound);
  });
});

// ---------------------------------------------------------------- the wrapper

const counter = (eta = 0.05, gamma = 0.55) => ({ eta, gamma, stream: 'counter' as const });
const SPECS: Record<string, OptimizerSpec> = {
  'adam + noise': optimizerSpec.parse({ name: 'adam', lr: 0.01, gradientNoise: counter() }),
  'sgdm + noise (γ = 0)': optimizerSpec.parse({ name: 'sgdm', lr: 0.05, gradientNoise: counter(0.01, 0) }),
  'lookahead(adam + noise) + noise': optimizerSpec.parse({ name: 'lookahead', k: 3, inner: { name: 'adam', lr: 0.01, gradientNoise: counter(0.02) }, gradientNoise: counter() }),
  'lookahead(rmsprop) + noise': optimizerSpec.parse({ name: 'lookahead', k: 2, alpha: 0.8, inner: { name: 'rmsprop', lr: 0.01 }, gradientNoise: counter() }),
};
const P = 1001;
const SLICES: [number, number][] = [[0, 137], [137, 702], [702, P]];

function gradientAt(t: number, params: Vec, out: Vec): Vec {
  for (let i = 0; i < P; i++) out[i] = Math.sin(0.37 * i + t) * 0.3 + 0.1 * params[i]!;
  return out;
}

/** params after `steps` updates, the whole array at once or slice by slice (each slice its own optimizer and state). */
function train(spec: OptimizerSpec, kind: 'f32' | 'f64', steps: number, slices: [number, number][] | null): Vec {
  const make = (n: number): Vec => (kind === 'f32' ? new Float32Array(n) : new Float64Array(n));
  const params = make(P);
  for (let i = 0; i < P; i++) params[i] = Math.cos(i);
  const grads = make(P);
  const parts = (slices ?? [[0, P]]).map(([lo, hi]) => {
    const opt = createOptimizer(spec, { seed: 17, offset: lo });
    return { lo, hi, opt, state: opt.init(params.subarray(lo, hi)) };
  });
  for (let t = 0; t < steps; t++) {
    gradientAt(t, params, grads);
    for (const { lo, hi, opt, state } of parts) opt.update(grads.subarray(lo, hi), state, params.subarray(lo, hi), 0.01);
  }
  return params;
}

/** The noise an SGD (lr 1) with noise adds to a zero gradient at each of `steps` updates: from θ = 0 the new θ is −g. */
function addedNoise(opt: ReturnType<typeof createOptimizer>, n: number, steps: number): number[][] {
  const params = new Float64Array(n);
  const state = opt.init(params);
  return Array.from({ length: steps }, () => {
    params.fill(0);
    opt.update(new Float64Array(n), state, params, 1);
    return Array.from(params, (p) => -p);
  });
}

describe('the counter-stream wrapper, slice by slice', () => {
  for (const [name, spec] of Object.entries(SPECS)) {
    for (const kind of ['f32', 'f64'] as const) {
      it(`${name}, ${kind}: three uneven slices give the whole-array bits over 12 updates`, () => {
        expect(noiseShardable(spec)).toBe(true);
        const whole = train(spec, kind, 12, null);
        const sliced = train(spec, kind, 12, SLICES);
        expect(sliced).toEqual(whole);
        // The noise matters: without it the parameters are others.
        const { gradientNoise: _n, ...quiet } = spec;
        expect(train(quiet as OptimizerSpec, kind, 12, null)).not.toEqual(whole);
      });
    }
  }

  it('adds σ_t·z(seed, t, i) to the gradient', () => {
    const opt = createOptimizer(optimizerSpec.parse({ name: 'sgd', lr: 1, gradientNoise: counter(0.3, 0.55) }), { seed: 5 });
    addedNoise(opt, 10, 3).forEach((g, t) => {
      const sigma = Math.sqrt(0.3 / (1 + t) ** 0.55);
      expect(g).toEqual(g.map((_, i) => sigma * counterNormal(5, t, i)));
    });
  });

  it('a slice cannot take sequential noise or global-norm clipping', () => {
    const sequential = optimizerSpec.parse({ name: 'adam', gradientNoise: { eta: 0.1 } });
    expect(() => createOptimizer(sequential, { seed: 1, offset: 8 })).toThrow(/sequential/);
    expect(() => createOptimizer(optimizerSpec.parse({ name: 'adam', clipNorm: 1 }), { seed: 1, offset: 8 })).toThrow(/clipping/);
  });
});

describe('noiseShardable', () => {
  it.each([
    [{ name: 'adam' }, true],
    [{ name: 'adam', gradientNoise: { eta: 0.1 } }, false],
    [{ name: 'adam', gradientNoise: { eta: 0.1, stream: 'sequential' } }, false],
    [{ name: 'adam', gradientNoise: { eta: 0.1, stream: 'counter' } }, true],
    [{ name: 'adam', gradientNoise: { eta: 0.1, stream: 'counter' }, clipNorm: 1 }, false],
    [{ name: 'lookahead', inner: { name: 'adam', gradientNoise: { eta: 0.1 } } }, false],
    [{ name: 'lookahead', inner: { name: 'adam', gradientNoise: { eta: 0.1, stream: 'counter' } } }, true],
    [{ name: 'lookahead', inner: { name: 'adam', gradientNoise: { eta: 0.1, stream: 'counter' } }, clipNorm: 1 }, true],
    [{ name: 'lookahead', inner: { name: 'adam', clipNorm: 1 }, gradientNoise: { eta: 0.1, stream: 'counter' } }, false],
  ])('%j → %s', (spec, expected) => {
    expect(noiseShardable(optimizerSpec.parse(spec))).toBe(expected);
  });

  it('hasGradientNoise looks at every level', () => {
    const deep = { name: 'lookahead', inner: { name: 'lookahead', inner: { name: 'adam', gradientNoise: { eta: 0.1, stream: 'counter' } } } };
    expect(hasGradientNoise(optimizerSpec.parse(deep))).toBe(true);
    expect(noiseShardable(optimizerSpec.parse(deep))).toBe(true);
    expect(hasGradientNoise(optimizerSpec.parse({ name: 'lookahead', inner: { name: 'adam', clipNorm: 1 } }))).toBe(false);
  });
});

describe('resuming a counter-stream run', () => {
  it('keeps no generator (the update count only) and continues bit for bit from the saved bytes', () => {
    const spec = SPECS['lookahead(adam + noise) + noise']!;
    const uninterrupted = train(spec, 'f32', 9, null);
    const opt = createOptimizer(spec, { seed: 17 });
    const params = new Float32Array(P);
    for (let i = 0; i < P; i++) params[i] = Math.cos(i);
    const grads = new Float32Array(P);
    const state = opt.init(params);
    for (let t = 0; t < 5; t++) opt.update(gradientAt(t, params, grads), state, params, 0.01);
    const saved = encodeState(snapshotState(state));
    expect(JSON.stringify(decodeState(saved))).not.toContain('$rng');
    const at5 = Float32Array.from(params);
    const resume = (from: unknown) => {
      const again = createOptimizer(spec, { seed: 17 });
      const p = Float32Array.from(at5);
      const st = from === null ? again.init(p) : restoreState(again.init(p), from);
      for (let t = 5; t < 9; t++) again.update(gradientAt(t, p, grads), st, p, 0.01);
      return p;
    };
    expect(resume(decodeState(saved))).toEqual(uninterrupted);
    // The check can fail: a fresh state (update count 0: other noise, no moments, other slow weights) gives other weights.
    expect(resume(null)).not.toEqual(uninterrupted);
  });
});

describe('the sequential stream is unchanged', () => {
  it('a spec without a stream draws σ_t·(xoshiro128** normals from the seed, in parameter order, update after update)', () => {
    const spec = optimizerSpec.parse({ name: 'sgd', lr: 1, gradientNoise: { eta: 0.2, gamma: 0.5 } });
    expect(spec.gradientNoise).toEqual({ eta: 0.2, gamma: 0.5 });
    const opt = createOptimizer(spec, { seed: 11 });
    const rng = createRng(11);
    addedNoise(opt, 5, 3).forEach((g, t) => {
      const sigma = Math.sqrt(0.2 / (1 + t) ** 0.5);
      expect(g).toEqual(g.map(() => sigma * rng.normal()));
    });
    expect(snapshotState(opt.init(new Float64Array(5)))).toHaveProperty('rng.$rng');
  });
});
