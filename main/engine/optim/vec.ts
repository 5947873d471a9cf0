// The few array helpers every optimizer shares. State arrays take the kind of the parameters
// (Float64Array on surfaces, Float32Array in networks) so memory and rounding follow the model.
import type { Vec } from './types';

export function zerosLike(v: Vec): Vec {
  return v instanceof Float32Array ? new Float32Array(v.length) : new Float64Array(v.length);
}

export function filledLike(v: Vec, value: number): Vec {
  const out = zerosLike(v);
  out.fill(value);
  return out;
}

export function copyOf(v: Vec): Vec {
  return v instanceof Float32Array ? Float32Array.from(v) : Float64Array.from(v);
}

export function sumOfSquares(v: Vec): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return s;
}
