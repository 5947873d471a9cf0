// The one seeded PRNG of the engine: xoshiro128** (Blackman & Vigna 2018) seeded through
// splitmix32, with Box–Muller for normals. Same seed → same numbers on every platform, which is
// what lets a stored run be replayed exactly. Not for cryptography.

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
