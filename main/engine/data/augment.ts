// Image augmentation (LECTURE §1: only sensible changes — small shifts and rotations, flips):
// per (seed, epoch, sample), so each epoch sees a new variant and the same one on any thread.
// Inverse mapping with bilinear interpolation; pixels from outside the image are blank.
import { rngFor, Stream } from '../nn/seeds';

export interface AugmentOptions {
  flip: boolean;
  shift: number;
  rotate: number;
}

/** Writes the augmented copy of `src` (one image, row-major height × width) into `dst`. */
export function augmentImage(
  src: Float32Array,
  srcOffset: number,
  dst: Float32Array | Float64Array,
  dstOffset: number,
  width: number,
  height: number,
  background: Float32Array,
  o: AugmentOptions,
  seed: number,
  epoch: number,
  sample: number,
): void {
  const rng = rngFor(seed, Stream.augment, epoch, sample);
  const flip = o.flip && rng.next() < 0.5;
  const dx = o.shift ? Math.floor(rng.next() * (2 * o.shift + 1)) - o.shift : 0;
  const dy = o.shift ? Math.floor(rng.next() * (2 * o.shift + 1)) - o.shift : 0;
  const angle = o.rotate ? ((2 * rng.next() - 1) * o.rotate * Math.PI) / 180 : 0;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      // Where does output pixel (r, c) come from? Undo the shift, the rotation, then the flip.
      const u = c - dx - cx;
      const v = r - dy - cy;
      let sc = cos * u + sin * v + cx;
      const sr = -sin * u + cos * v + cy;
      if (flip) sc = width - 1 - sc;
      const k = r * width + c;
      dst[dstOffset + k] = sampleBilinear(src, srcOffset, width, height, sc, sr, background, k);
    }
  }
}

function sampleBilinear(src: Float32Array, o: number, w: number, h: number, x: number, y: number, background: Float32Array, k: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const at = (r: number, c: number) => (r >= 0 && r < h && c >= 0 && c < w ? src[o + r * w + c]! : background[k]!);
  return (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1)) + fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1));
}
