// An optimizer's state, taken whole and put back: what a run resumed after a crash needs to
// continue bit for bit. Every optimizer of the zoo keeps plain data (optax's state tuple): typed
// arrays (moments, accumulators, momentum buffers, Lookahead's slow weights), numbers (step
// counts, SWATS's λ), strings (SWATS's phase), null, nested states (Lookahead's inner optimizer,
// the gradient wrappers' inner) and the gradient-noise generator (random.ts: save/load). So one
// walk over that data serves them all, and a new optimizer needs nothing here.
//
// The pool applies an element-wise optimizer slice by slice (pool/sharded.ts): each rank's state
// is the whole-array state cut to [lo, hi). `typedArraysOf` lists a state's arrays in a fixed
// order (the order init made them), which is how the slices are laid side by side in shared
// memory and joined back into the whole-array state.
//
// `encodeState` writes any such value (typed arrays included) compactly: a JSON header with the
// arrays replaced by references, then the arrays' bytes, little-endian as the machine holds them.
// Non-finite numbers and −0 survive (JSON alone would lose them).
import type { Rng, RngState } from '../random';
import type { Vec } from './types';

type Typed = Float32Array | Float64Array | Int32Array | Uint8Array;

function isTyped(v: unknown): v is Typed {
  return v instanceof Float32Array || v instanceof Float64Array || v instanceof Int32Array || v instanceof Uint8Array;
}

function isRng(v: unknown): v is Rng {
  return typeof v === 'object' && v !== null && typeof (v as Rng).save === 'function' && typeof (v as Rng).load === 'function';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** A deep copy of an optimizer state as plain data (a generator becomes its saved words). */
export function snapshotState(state: unknown): unknown {
  if (isTyped(state)) return state.slice();
  if (isRng(state)) return { $rng: state.save() };
  if (Array.isArray(state)) return state.map(snapshotState);
  if (isObject(state)) return Object.fromEntries(Object.entries(state).map(([k, v]) => [k, snapshotState(v)]));
  return state;
}

/**
 * Puts `saved` (a snapshot) into `fresh` (the optimizer's init state for the same parameters),
 * in place: arrays are copied into the arrays the optimizer already holds (a kernel may hold
 * them too), arrays the optimizer allocates later (SWATS's v at its switch) are made, generators
 * continue from their saved words. Throws when the two do not have the same shape.
 */
export function restoreState(fresh: unknown, saved: unknown, path = 'state'): unknown {
  if (isTyped(saved)) {
    if (isTyped(fresh) && fresh.constructor === saved.constructor && fresh.length === saved.length) {
      fresh.set(saved as never);
      return fresh;
    }
    if (fresh !== null && fresh !== undefined) throw new Error(`${path}: the saved array does not fit the optimizer's`);
    return saved.slice();
  }
  if (isObject(saved) && '$rng' in saved) {
    if (!isRng(fresh)) throw new Error(`${path}: a saved generator, but the optimizer has none`);
    fresh.load(saved.$rng as RngState);
    return fresh;
  }
  if (isObject(saved)) {
    if (!isObject(fresh)) {
      if (fresh !== null && fresh !== undefined) throw new Error(`${path}: the saved state does not fit the optimizer's`);
      return snapshotState(saved);
    }
    for (const [k, v] of Object.entries(saved)) fresh[k] = restoreState(fresh[k], v, `${path}.${k}`);
    return fresh;
  }
  if (isTyped(fresh) || isRng(fresh)) throw new Error(`${path}: the optimizer holds state the save does not`);
  return saved;
}

/** The state's arrays in a fixed order (depth first, in the order init made them). */
export function typedArraysOf(state: unknown, out: Vec[] = []): Vec[] {
  if (state instanceof Float32Array || state instanceof Float64Array) out.push(state);
  else if (isObject(state) && !isTyped(state) && !isRng(state)) for (const v of Object.values(state)) typedArraysOf(v, out);
  return out;
}

/** A copy of `state` with its arrays (in typedArraysOf order) replaced by `arrays`. */
export function withArrays(state: unknown, arrays: readonly Vec[]): unknown {
  let k = 0;
  const walk = (v: unknown): unknown => {
    if (v instanceof Float32Array || v instanceof Float64Array) return arrays[k++]!;
    if (isObject(v) && !isTyped(v) && !isRng(v)) return Object.fromEntries(Object.entries(v).map(([key, x]) => [key, walk(x)]));
    return v;
  };
  const out = walk(state);
  if (k !== arrays.length) throw new Error(`withArrays: the state holds ${k} arrays, ${arrays.length} given`);
  return out;
}

// ------------------------------------------------------------ binary form

type Header = unknown;
const KINDS = { f32: Float32Array, f64: Float64Array, i32: Int32Array, u8: Uint8Array } as const;
type Kind = keyof typeof KINDS;

function kindOf(a: Typed): Kind {
  return a instanceof Float32Array ? 'f32' : a instanceof Float64Array ? 'f64' : a instanceof Int32Array ? 'i32' : 'u8';
}

const MAGIC = 0x534c4c44; // "DLLS"

/** `value` (plain data with typed arrays) as bytes: [magic u32][header length u32][header JSON][pad to 8][arrays]. */
export function encodeState(value: unknown): Uint8Array {
  const arrays: Typed[] = [];
  let offset = 0;
  const header = (v: unknown): Header => {
    if (isTyped(v)) {
      const ref = { $a: kindOf(v), o: offset, n: v.length };
      arrays.push(v);
      offset += Math.ceil(v.byteLength / 8) * 8;
      return ref;
    }
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return { $n: Object.is(v, -0) ? '-0' : String(v) };
    if (Array.isArray(v)) return v.map(header);
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, header(x)]));
    return v;
  };
  const json = new TextEncoder().encode(JSON.stringify(header(value)));
  const start = 8 + Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(start + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, json.length, true);
  out.set(json, 8);
  let at = start;
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += Math.ceil(a.byteLength / 8) * 8;
  }
  return out;
}

export function decodeState(bytes: Uint8Array): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 8 || view.getUint32(0, true) !== MAGIC) throw new Error('not a saved training state');
  const length = view.getUint32(4, true);
  const start = 8 + Math.ceil(length / 8) * 8;
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as Header;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!isObject(v)) return v;
    if (typeof v.$a === 'string' && v.$a in KINDS) {
      const Kind = KINDS[v.$a as Kind];
      const n = v.n as number;
      const from = start + (v.o as number);
      const out = new Kind(n);
      new Uint8Array(out.buffer).set(bytes.subarray(from, from + n * Kind.BYTES_PER_ELEMENT));
      return out;
    }
    if (typeof v.$n === 'string' && Object.keys(v).length === 1) return v.$n === '-0' ? -0 : Number(v.$n);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
  };
  return walk(header);
}
