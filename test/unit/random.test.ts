import { describe, expect, it } from 'vitest';
import { createRng } from '../../main/engine/random';

describe('createRng', () => {
  it('is deterministic per seed and differs between neighbouring seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('gives uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = createRng(7);
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      sq += u * u;
    }
    expect(outside).toBe(0);
    const mean = sum / n;
    // 5 standard errors: sd(u) = 0.2887, so se(mean) ≈ 6.5e-4.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * 0.2887 / Math.sqrt(n));
    expect(Math.abs(sq / n - mean * mean - 1 / 12)).toBeLessThan(2e-3);
  });

  it('gives standard normals: mean 0, variance 1, about 68.3% within one sd', () => {
    const rng = createRng(2024);
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    let within = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      sq += z * z;
      if (Math.abs(z) < 1) within++;
    }
    expect(Math.abs(sum / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(sq / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(within / n - 0.682689)).toBeLessThan(5 * Math.sqrt(0.68 * 0.32 / n));
  });

  it('accepts seed 0', () => {
    const rng = createRng(0);
    const xs = new Set(Array.from({ length: 100 }, () => rng.next()));
    expect(xs.size).toBe(100);
  });
});
