// Randomness inside training (dropout masks, augmentation, shuffles) is drawn from a generator
// seeded by *what* is being drawn — (run seed, epoch, sample index, purpose) — never by the order
// in which a thread happens to get to it, so 1 or 8 threads give the same numbers (issue 5).
import { createRng, type Rng } from '../random';

/** A 32-bit seed from a run seed and coordinates (a murmur3-style finaliser per word). */
export function mixSeed(...words: number[]): number {
  let h = 0x2545f491;
  for (const w of words) {
    let k = Math.imul(w | 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= words.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Purposes, so that e.g. dropout and augmentation of the same sample draw independent numbers. */
export const Stream = { init: 1, shuffle: 2, dropout: 3, augment: 4, split: 5, data: 6, labelNoise: 7 } as const;

export function rngFor(...words: number[]): Rng {
  return createRng(mixSeed(...words));
}
