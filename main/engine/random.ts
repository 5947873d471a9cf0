// The engine's seeded random numbers. Same seed → same numbers on every platform, which is what
// lets a stored run be replayed exactly. Not for cryptography.
// - A stream: xoshiro128** (Blackman & Vigna 2018) seeded through splitmix32, with Box–Muller for
//   normals — each number follows the previous one (createRng).
// - Counter-based normals: Philox4x32-10 (Salmon, Moraes, Dror & Shaw 2011, "Parallel random
//   numbers: as easy as 1, 2, 3"), where the number at (key, t, i) is a pure function of them, so
//   any slice [lo, hi) of a vector's draws can be computed on its own (counterNormals).

export interface Rng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** The generator's whole state (four words and Box–Muller's spare), to continue the stream later. */
  save(): RngState;
  /** Continues the stream from a saved state: the next draws are those that followed the save. */
  load(state: RngState): void;
}

export interface RngState {
  words: [number, number, number, number];
  spare: number;
  hasSpare: boolean;
}

export function createRng(seed: number): Rng {
  // splitmix32 spreads any integer seed (even 0, or seeds differing by 1) over the 128-bit state,
  // which xoshiro needs to be non-zero.
  let s = seed >>> 0;
  const mix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  if ((a | b | c | d) === 0) a = 1;

  const nextUint = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };

  const next = (): number => nextUint() / 4294967296;

  // Box–Muller yields normals in pairs; keep the second for the next call.
  let spare = 0;
  let hasSpare = false;
  const normal = (): number => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    let u = next();
    while (u === 0) u = next(); // log(0) would give an infinite normal
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    hasSpare = true;
    return r * Math.cos(2 * Math.PI * v);
  };

  const save = (): RngState => ({ words: [a, b, c, d], spare, hasSpare });
  const load = (state: RngState): void => {
    [a, b, c, d] = state.words;
    spare = state.spare;
    hasSpare = state.hasSpare;
  };

  return { next, normal, save, load };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

// ---------------------------------------------------------------- counter-based (Philox4x32-10)
//
// Why Philox: it is the counter-based generator with published known-answer vectors (Random123's
// kat_vectors), passes TestU01's BigCrush with 10 rounds, and is what cuRAND, TensorFlow's
// stateless ops and PyTorch's CUDA generator use (JAX uses its sibling Threefry), so it is
// transcribed easily (the exported train.py does, with NumPy). A hash of (seed, t, i) such as SplitMix64 would
// need 64-bit multiplies, which JavaScript has only through BigInt (slow); Philox4x32 needs only
// 32×32 → 64-bit products, split here into exact double arithmetic.

const PHILOX_M0 = 0xd2511f53;
const PHILOX_M1 = 0xcd9e8d57;
const PHILOX_W0 = 0x9e3779b9;
const PHILOX_W1 = 0xbb67ae85;
const M0_HI = PHILOX_M0 >>> 16;
const M0_LO = PHILOX_M0 & 0xffff;
const M1_HI = PHILOX_M1 >>> 16;
const M1_LO = PHILOX_M1 & 0xffff;

/** The high 32 bits of the 64-bit product a·m, m = mHi·2¹⁶ + mLo (every partial product below 2⁴⁹: exact in a double). */
function mulhi(a: number, mHi: number, mLo: number): number {
  const p0 = a * mLo;
  const p1 = a * mHi;
  return Math.floor((p1 + Math.floor(p0 / 65536)) / 65536);
}

/**
 * Philox4x32 with 10 rounds: four 32-bit words from a 128-bit counter and a 64-bit key,
 * written into `out` (Random123's philox4x32_R(10, ctr, key)).
 */
export function philox4x32(
  c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array | number[] = new Uint32Array(4),
): Uint32Array | number[] {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  let key0 = k0 >>> 0;
  let key1 = k1 >>> 0;
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      key0 = (key0 + PHILOX_W0) >>> 0;
      key1 = (key1 + PHILOX_W1) >>> 0;
    }
    const hi0 = mulhi(x0, M0_HI, M0_LO);
    const lo0 = Math.imul(x0, PHILOX_M0) >>> 0;
    const hi1 = mulhi(x2, M1_HI, M1_LO);
    const lo1 = Math.imul(x2, PHILOX_M1) >>> 0;
    x0 = (hi1 ^ x1 ^ key0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ key1) >>> 0;
    x3 = lo0;
  }
  out[0] = x0;
  out[1] = x1;
  out[2] = x2;
  out[3] = x3;
  return out;
}

/** The second key word of gradient noise's counter stream ("nois"): another use of Philox gets its own. */
export const NOISE_STREAM = 0x6e6f6973;

// Box–Muller's logarithm, sine and cosine from + − × ÷ and √ only (fdlibm's e_log.c, k_sin.c and
// k_cos.c polynomials, Sun Microsystems 1993, each within 1 ulp), on arguments that are integers
// over 2³², so every step is an IEEE-754 operation with one correctly rounded result: the same
// bits in V8 (whose Math.log/sin/cos are not specified to the bit), NumPy (the PyTorch export's
// transcription) and C compiled without contraction — unlike the platforms' own log, sin and cos.

const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;
/** 2^−k, k = 0…32 (exact). */
const INV_POW2 = Float64Array.from({ length: 33 }, (_, k) => 1 / 2 ** k);

/** ln(n / 2³²) for an integer n in [1, 2³²]: n = m·2^k with m in [1, √2] (or m/2, k + 1), then fdlibm's log(m). */
export function logOfCount(n: number): number {
  let k = n >= 4294967296 ? 32 : 31 - Math.clz32(n);
  let m = n * INV_POW2[k]!;
  if (m > Math.SQRT2) {
    m *= 0.5;
    k += 1;
  }
  const f = m - 1;
  const s = f / (2 + f);
  const dk = k - 32;
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const R = t2 + t1;
  const hfsq = 0.5 * f * f;
  return dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f);
}

const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;
const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.08757232129817482790e-9;
const C6 = -1.13596475577881948265e-11;
/** 2π/2³²: an angle's step. */
const TURN_STEP = (2 * Math.PI) / 4294967296;

/** sin x for |x| ≤ π/4 (fdlibm __kernel_sin). */
function kernelSin(x: number): number {
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  return x + v * (S1 + z * r);
}

/** cos x for |x| ≤ π/4 (fdlibm __kernel_cos, FreeBSD's form). */
function kernelCos(x: number): number {
  const z = x * x;
  const w = z * z;
  const r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
  const hz = 0.5 * z;
  const h = 1 - hz;
  return h + (((1 - h) - hz) + z * r);
}

/**
 * [cos 2πv, sin 2πv] for v = w/2³², w an integer in [0, 2³²), into out[0], out[1]: the nearest
 * quarter turn q is taken off exactly (an integer difference), the rest, at most an eighth of a
 * turn, goes through the kernels, and q rotates the pair (swaps and signs, exact).
 */
export function cosSinOfTurn(w: number, out: Float64Array | number[]): void {
  const q = Math.floor((w + 536870912) / 1073741824);
  const x = (w - q * 1073741824) * TURN_STEP;
  const c = kernelCos(x);
  const s = kernelSin(x);
  switch (q & 3) {
    case 0:
      out[0] = c;
      out[1] = s;
      break;
    case 1:
      out[0] = -s;
      out[1] = c;
      break;
    case 2:
      out[0] = -c;
      out[1] = -s;
      break;
    default:
      out[0] = s;
      out[1] = -c;
  }
}

/**
 * The standard normals z(key, t, i) for i in [offset, offset + out.length), into `out`.
 * Element i comes from block b = ⌊i/4⌋: the words w = Philox4x32-10(counter (b mod 2³², ⌊b/2³²⌋, t, 0),
 * key (key, stream)), and Box–Muller on each pair — u = (w₀ + 1)/2³² in (0, 1], v = w₁/2³² in [0, 1):
 * z₀ = √(−2 ln u)·cos 2πv, z₁ = √(−2 ln u)·sin 2πv; then (w₂, w₃) for z₂, z₃. u is never 0, so
 * no number is ever redrawn and element i needs nothing but (key, t, i): a slice gives exactly
 * the numbers of the whole vector at its indices. ln, cos and sin are logOfCount and cosSinOfTurn
 * (basic operations only), so the numbers are the same bits wherever they are computed.
 */
export function counterNormals(key: number, t: number, offset: number, out: Float64Array, stream = NOISE_STREAM): Float64Array {
  const words = new Uint32Array(4);
  const cs0 = new Float64Array(2);
  const cs1 = new Float64Array(2);
  const n = out.length;
  let j = 0;
  while (j < n) {
    const i = offset + j;
    const block = Math.floor(i / 4);
    philox4x32(block % 4294967296, Math.floor(block / 4294967296), t, 0, key, stream, words);
    const r0 = Math.sqrt(-2 * logOfCount(words[0]! + 1));
    const r1 = Math.sqrt(-2 * logOfCount(words[2]! + 1));
    cosSinOfTurn(words[1]!, cs0);
    cosSinOfTurn(words[3]!, cs1);
    // The block's four normals, from the lane of element i to the block's end (or the slice's).
    for (let lane = i - 4 * block; lane < 4 && j < n; lane++, j++) {
      out[j] = lane < 2 ? r0 * cs0[lane]! : r1 * cs1[lane - 2]!;
    }
  }
  return out;
}

/** One counter-based normal z(key, t, i) (counterNormals for a single index). */
export function counterNormal(key: number, t: number, i: number, stream = NOISE_STREAM): number {
  return counterNormals(key, t, i, new Float64Array(1), stream)[0]!;
}
