import { describe, expect, it } from 'vitest';
import { SURFACE_NAMES } from '../../../preload/spec';
import { SURFACES, requireSurface } from '../../../main/engine/surfaces';
import { createRng } from '../../../main/engine/random';

/** Random points inside a surface's window (and a margin around it), seeded. */
function samplePoints(name: (typeof SURFACE_NAMES)[number], count: number): [number, number][] {
  const rng = createRng(7 + SURFACE_NAMES.indexOf(name));
  const [[x0, x1], [y0, y1]] = SURFACES[name].window;
  const points: [number, number][] = [SURFACES[name].start, ...SURFACES[name].minima];
  for (let i = 0; i < count; i++) points.push([x0 + (x1 - x0) * (1.2 * rng.next() - 0.1), y0 + (y1 - y0) * (1.2 * rng.next() - 0.1)]);
  return points;
}

/** |a − b| within rel·max(1, |b|, scale): central differences carry O(h²) and rounding error. */
function close(a: number, b: number, rel: number, scale = 1) {
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(b), scale);
}

describe.each(SURFACE_NAMES)('%s', (name) => {
  const s = SURFACES[name];

  it('has an analytic gradient that matches central differences of the value at 200 points', () => {
    for (const [x, y] of samplePoints(name, 200)) {
      const h = 1e-5;
      const fx = (s.value(x + h, y) - s.value(x - h, y)) / (2 * h);
      const fy = (s.value(x, y + h) - s.value(x, y - h)) / (2 * h);
      const [gx, gy] = s.gradient(x, y);
      const scale = Math.abs(s.value(x, y)) * 1e-4; // rounding in f(x±h) is ~ε·|f|/h
      expect(close(gx, fx, 1e-6, scale), `${name} gx at (${x}, ${y}): ${gx} vs ${fx}`).toBe(true);
      expect(close(gy, fy, 1e-6, scale), `${name} gy at (${x}, ${y}): ${gy} vs ${fy}`).toBe(true);
    }
  });

  it('has an analytic Hessian that is symmetric and matches central differences of the gradient', () => {
    for (const [x, y] of samplePoints(name, 200)) {
      const h = 1e-5;
      const [gxp, gyp] = s.gradient(x + h, y);
      const [gxm, gym] = s.gradient(x - h, y);
      const [gxq, gyq] = s.gradient(x, y + h);
      const [gxr, gyr] = s.gradient(x, y - h);
      const H = s.hessian(x, y);
      const scale = Math.hypot(...s.gradient(x, y)) * 1e-4;
      expect(H[0][1]).toBe(H[1][0]);
      expect(close(H[0][0], (gxp - gxm) / (2 * h), 1e-6, scale), `${name} Hxx at (${x}, ${y})`).toBe(true);
      expect(close(H[1][0], (gyp - gym) / (2 * h), 1e-6, scale), `${name} Hyx at (${x}, ${y})`).toBe(true);
      expect(close(H[0][1], (gxq - gxr) / (2 * h), 1e-6, scale), `${name} Hxy at (${x}, ${y})`).toBe(true);
      expect(close(H[1][1], (gyq - gyr) / (2 * h), 1e-6, scale), `${name} Hyy at (${x}, ${y})`).toBe(true);
    }
  });

  it('has a window containing its start and minima, and finite suggested rates', () => {
    const [[x0, x1], [y0, y1]] = s.window;
    expect(s.name).toBe(name);
    expect(x0).toBeLessThan(x1);
    expect(y0).toBeLessThan(y1);
    for (const [x, y] of [s.start, ...s.minima]) {
      expect(x).toBeGreaterThanOrEqual(x0);
      expect(x).toBeLessThanOrEqual(x1);
      expect(y).toBeGreaterThanOrEqual(y0);
      expect(y).toBeLessThanOrEqual(y1);
    }
    for (const lr of Object.values(s.suggestedLr)) expect(lr).toBeGreaterThan(0);
    expect(s.formula.length).toBeGreaterThan(3);
  });

  it('has zero gradient at each listed minimum', () => {
    for (const [x, y] of s.minima) expect(Math.hypot(...s.gradient(x, y))).toBeLessThan(1e-12);
  });
});

describe('hand-derived values', () => {
  it('rosenbrock: f(−1.2, 1) = 24.2; at (1, 1) f = 0, g = 0, H = [[802, −400], [−400, 200]]', () => {
    const r = SURFACES.rosenbrock;
    expect(r.value(-1.2, 1)).toBeCloseTo(24.2, 12);
    expect(r.value(1, 1)).toBe(0);
    expect(Math.hypot(...r.gradient(1, 1))).toBe(0);
    expect(r.hessian(1, 1)).toEqual([[802, -400], [-400, 200]]);
    // g(−1.2, 1) = (−2·2.2 − 400·(−1.2)·(1 − 1.44), 200·(1 − 1.44)) = (−215.6, −88)
    const [gx, gy] = r.gradient(-1.2, 1);
    expect(gx).toBeCloseTo(-215.6, 10);
    expect(gy).toBeCloseTo(-88, 10);
  });

  it('w1w2 (LECTURE §2): at (0, 0) f = 1, g = 0, H = [[0, −2], [−2, 0]]', () => {
    const w = SURFACES.w1w2;
    expect(w.value(0, 0)).toBe(1);
    expect(Math.hypot(...w.gradient(0, 0))).toBe(0);
    expect(w.hessian(0, 0)).toEqual([[0, -2], [-2, 0]]);
    // On the hyperbola xy = 1: f = 0, g = 0, H = [[2y², 2], [2, 2x²]].
    expect(w.value(2, 0.5)).toBe(0);
    expect(w.hessian(2, 0.5)).toEqual([[0.5, 2], [2, 8]]);
  });

  it('beale: f(3, 0.5) = 0 with H = [[3.15625, −11.4375], [−11.4375, 46.125]]', () => {
    // r_k = 0 there, so H = 2·JᵀJ with ∂r/∂x = (−0.5, −0.75, −0.875), ∂r/∂y = (3, 3, 2.25).
    const b = SURFACES.beale;
    expect(b.value(3, 0.5)).toBe(0);
    expect(Math.hypot(...b.gradient(3, 0.5))).toBe(0);
    const H = b.hessian(3, 0.5);
    expect(H[0][0]).toBeCloseTo(3.15625, 12);
    expect(H[0][1]).toBeCloseTo(-11.4375, 12);
    expect(H[1][1]).toBeCloseTo(46.125, 12);
    expect(b.value(0, 0)).toBeCloseTo(1.5 ** 2 + 2.25 ** 2 + 2.625 ** 2, 12);
  });

  it('himmelblau: four zeros (literature values to 6 digits) and H(3, 2) = [[74, 20], [20, 34]]', () => {
    const h = SURFACES.himmelblau;
    const literature = [[3, 2], [-2.805118, 3.131312], [-3.77931, -3.283186], [3.584428, -1.848126]];
    expect(h.minima).toHaveLength(4);
    h.minima.forEach(([x, y], i) => {
      // The literature truncates to 6 decimals.
      expect(Math.abs(x - literature[i]![0]!)).toBeLessThan(1e-6);
      expect(Math.abs(y - literature[i]![1]!)).toBeLessThan(1e-6);
      expect(h.value(x, y)).toBeLessThan(1e-24);
    });
    expect(h.hessian(3, 2)).toEqual([[74, 20], [20, 34]]);
  });

  it('rastrigin: f(0, 0) = 0 and H(0, 0) = (2 + 40π²)·I; f(integer points) = x² + y²', () => {
    const r = SURFACES.rastrigin;
    expect(r.value(0, 0)).toBe(0);
    const H = r.hessian(0, 0);
    expect(H[0][0]).toBeCloseTo(2 + 40 * Math.PI ** 2, 10);
    expect(H[0][1]).toBe(0);
    expect(r.value(2, -3)).toBeCloseTo(13, 10);
  });

  it('saddle, monkey and ravine have the Hessians of their formulas', () => {
    expect(SURFACES.saddle.hessian(0.3, -0.7)).toEqual([[2, 0], [0, -2]]);
    expect(SURFACES.monkey.hessian(0, 0).flat().every((v) => v === 0)).toBe(true);
    expect(SURFACES.monkey.hessian(1, 2)).toEqual([[6, -12], [-12, -6]]);
    expect(SURFACES.ravine.hessian(1, 1)).toEqual([[0.2, 0], [0, 20]]);
    expect(SURFACES.ravine.value(-4.5, 0.8)).toBeCloseTo(2.025 + 6.4, 12);
  });

  it('requireSurface names the unknown surface', () => {
    expect(() => requireSurface('bowl')).toThrow(/fn: unknown surface "bowl"/);
    expect(requireSurface('ravine')).toBe(SURFACES.ravine);
  });
});
