// NumPy's .npy format (version 1.0), enough to hand arrays to `numpy.load` without pickling:
// a magic string, a little header dict padded to 64 bytes, then the raw little-endian data.
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
import { endianness } from 'node:os';

type Typed = Float32Array | Float64Array | Int32Array | BigInt64Array;

const DESCR: [new (n: number) => Typed, string][] = [
  [Float32Array, '<f4'],
  [Float64Array, '<f8'],
  [Int32Array, '<i4'],
  [BigInt64Array, '<i8'],
];

function descrOf(a: Typed): string {
  for (const [ctor, d] of DESCR) if (a instanceof ctor) return d;
  throw new Error('unsupported array type for .npy');
}

/** `a` as a .npy file of the given shape (row-major); the product of `shape` must be a.length. */
export function npy(a: Typed, shape: number[]): Uint8Array {
  const count = shape.reduce((p, n) => p * n, 1);
  if (count !== a.length) throw new Error(`npy: shape ${shape.join('×')} does not hold ${a.length} values`);
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${descrOf(a)}', 'fortran_order': False, 'shape': (${dims}), }`;
  const preamble = 10; // magic (6) + version (2) + header length (2)
  header += ' '.repeat(64 - ((preamble + header.length + 1) % 64)) + '\n';
  const out = new Uint8Array(preamble + header.length + a.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[preamble + i] = header.charCodeAt(i);
  if (endianness() !== 'LE') throw new Error('npy: this writer assumes a little-endian machine');
  out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), preamble + header.length);
  return out;
}
