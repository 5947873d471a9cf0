// Networks train on float32 (flat row-major Float32Array, one row per sample); float64 exists
// so gradient checks can use central differences without float32 rounding drowning the signal.
export type DType = 'float32' | 'float64';
export type Float = Float32Array | Float64Array;

export function allocate(dtype: DType, length: number): Float {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

/** A buffer of at least `length` entries, reusing `current` when it is big enough (no allocation per step). */
export function ensure(current: Float | null, dtype: DType, length: number): Float {
  if (current && current.length >= length) return current;
  return allocate(dtype, Math.max(length, current ? current.length * 2 : length));
}
