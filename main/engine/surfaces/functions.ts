// The eight 2-D error surfaces of the lab, each with its analytic gradient and Hessian.
// Everything is plain float64 (JS numbers). Gradients and Hessians were derived by hand and are
// checked against central differences in test/unit/surfaces/functions.test.ts.
import { SURFACE_NAMES, type OptimizerName, type SurfaceName } from '../../../preload/spec';
import type { Mat2, Vec2 } from '../linalg';

export type Point = Vec2;
type Matrix2 = Mat2;

export interface Surface {
  name: SurfaceName;
  /** Plain-text formula for display. */
  formula: string;
  /** Default view window [[xmin, xmax], [ymin, ymax]]. */
  window: [[number, number], [number, number]];
  start: Point;
  /** Known isolated minima, for markers (w1w2's minima are the whole curve xy = 1: none here; the map draws the curve from its critical points). */
  minima: Point[];
  /** A log colour scale reads better (large dynamic range above a minimum of 0). */
  logScale: boolean;
  /**
   * Learning rates for "race all": each optimizer makes visible progress in a few hundred steps
   * from `start` without diverging. Lookahead has no rate of its own: use its inner optimizer's.
   */
  suggestedLr: Partial<Record<OptimizerName, number>>;
  value(x: number, y: number): number;
  gradient(x: number, y: number): Point;
  hessian(x: number, y: number): Matrix2;
}

type RateGroups = Record<'sgd' | 'sgdm' | 'adagrad' | 'rmsprop' | 'adam' | 'radam' | 'adabound', number>;

/**
 * Rates chosen by sweeping 1e-4…1 over 300 steps from `start` and keeping one that makes clear
 * progress without leaving the window early or diverging. Variants share their parent's rate:
 * nag and sgdw take sgdm's; amsgrad, adamw, nadam and swats take adam's. RAdam gets its own
 * because its first four updates are un-adapted momentum steps, lr·m̂, which move by the raw
 * gradient's size. AdaBound's rate tends to finalLr (0.1) whatever its lr, so on the unbounded
 * cubic `monkey` it runs away to infinity anyway: that is the lesson there, not a bad setting.
 */
function rates(r: RateGroups): Partial<Record<OptimizerName, number>> {
  return {
    sgd: r.sgd,
    sgdm: r.sgdm,
    nag: r.sgdm,
    sgdw: r.sgdm,
    adagrad: r.adagrad,
    rmsprop: r.rmsprop,
    adam: r.adam,
    amsgrad: r.adam,
    adamw: r.adam,
    nadam: r.adam,
    radam: r.radam,
    adabound: r.adabound,
    swats: r.adam,
  };
}

const TWO_PI = 2 * Math.PI;

const rosenbrock: Surface = {
  name: 'rosenbrock',
  formula: '(1−x)² + 100(y−x²)²',
  window: [[-2, 2], [-1, 3]],
  start: [-1.2, 1],
  minima: [[1, 1]],
  logScale: true,
  suggestedLr: rates({ sgd: 1e-3, sgdm: 1e-3, adagrad: 0.5, rmsprop: 0.03, adam: 0.1, radam: 3e-3, adabound: 0.01 }),
  value: (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
  gradient: (x, y) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
  hessian: (x, y) => [
    [2 - 400 * y + 1200 * x * x, -400 * x],
    [-400 * x, 200],
  ],
};

// Beale: the sum of three squared residuals r_k = c_k − x + x·y^k (k = 1, 2, 3).
const BEALE_C = [1.5, 2.25, 2.625] as const;
const beale: Surface = {
  name: 'beale',
  formula: '(1.5−x+xy)² + (2.25−x+xy²)² + (2.625−x+xy³)²',
  window: [[-4.5, 4.5], [-4.5, 4.5]],
  start: [1, 1.5],
  minima: [[3, 0.5]],
  logScale: true,
  suggestedLr: rates({ sgd: 0.01, sgdm: 1e-3, adagrad: 0.5, rmsprop: 0.03, adam: 0.1, radam: 0.01, adabound: 0.01 }),
  value: (x, y) => {
    let f = 0;
    for (let k = 1; k <= 3; k++) f += (BEALE_C[k - 1]! - x + x * y ** k) ** 2;
    return f;
  },
  gradient: (x, y) => {
    let gx = 0;
    let gy = 0;
    for (let k = 1; k <= 3; k++) {
      const r = BEALE_C[k - 1]! - x + x * y ** k;
      gx += 2 * r * (y ** k - 1);
      gy += 2 * r * k * x * y ** (k - 1);
    }
    return [gx, gy];
  },
  hessian: (x, y) => {
    let xx = 0;
    let xy = 0;
    let yy = 0;
    for (let k = 1; k <= 3; k++) {
      const r = BEALE_C[k - 1]! - x + x * y ** k;
      const rx = y ** k - 1;
      const ry = k * x * y ** (k - 1);
      // r_xx = 0, r_xy = k·y^(k−1), r_yy = k(k−1)·x·y^(k−2)
      xx += 2 * rx * rx;
      xy += 2 * (rx * ry + r * k * y ** (k - 1));
      yy += 2 * (ry * ry + (k > 1 ? r * k * (k - 1) * x * y ** (k - 2) : 0));
    }
    return [
      [xx, xy],
      [xy, yy],
    ];
  },
};

const himmelblau: Surface = {
  name: 'himmelblau',
  formula: '(x²+y−11)² + (x+y²−7)²',
  window: [[-5, 5], [-5, 5]],
  start: [0, 0],
  // Newton-refined from the literature's six-digit values (Himmelblau 1972).
  minima: [
    [3, 2],
    [-2.805118086952745, 3.131312518250573],
    [-3.779310253377747, -3.283185991286170],
    [3.584428340330492, -1.848126526964403],
  ],
  logScale: true,
  suggestedLr: rates({ sgd: 0.01, sgdm: 1e-3, adagrad: 0.3, rmsprop: 0.03, adam: 0.05, radam: 0.03, adabound: 0.03 }),
  value: (x, y) => (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
  gradient: (x, y) => {
    const p = x * x + y - 11;
    const q = x + y * y - 7;
    return [4 * x * p + 2 * q, 2 * p + 4 * y * q];
  },
  hessian: (x, y) => [
    [12 * x * x + 4 * y - 42, 4 * (x + y)],
    [4 * (x + y), 4 * x + 12 * y * y - 26],
  ],
};

const rastrigin: Surface = {
  name: 'rastrigin',
  formula: '20 + x²−10cos(2πx) + y²−10cos(2πy)',
  window: [[-5.12, 5.12], [-5.12, 5.12]],
  start: [3.2, 2.7],
  minima: [[0, 0]],
  logScale: false,
  suggestedLr: rates({ sgd: 2e-3, sgdm: 1e-3, adagrad: 0.3, rmsprop: 0.01, adam: 0.03, radam: 3e-3, adabound: 0.03 }),
  value: (x, y) => 20 + x * x - 10 * Math.cos(TWO_PI * x) + y * y - 10 * Math.cos(TWO_PI * y),
  gradient: (x, y) => [2 * x + 10 * TWO_PI * Math.sin(TWO_PI * x), 2 * y + 10 * TWO_PI * Math.sin(TWO_PI * y)],
  hessian: (x, y) => [
    [2 + 10 * TWO_PI * TWO_PI * Math.cos(TWO_PI * x), 0],
    [0, 2 + 10 * TWO_PI * TWO_PI * Math.cos(TWO_PI * y)],
  ],
};

// Started almost on the x axis: descent first heads for the saddle, then the tiny y
// grows like (1+2·lr)^t and the run escapes along the negative-curvature direction.
const saddle: Surface = {
  name: 'saddle',
  formula: 'x² − y²',
  window: [[-2, 2], [-2, 2]],
  start: [-1.8, 1e-3],
  minima: [],
  logScale: false,
  suggestedLr: rates({ sgd: 0.01, sgdm: 1e-3, adagrad: 0.03, rmsprop: 3e-3, adam: 3e-3, radam: 0.01, adabound: 1e-4 }),
  value: (x, y) => x * x - y * y,
  gradient: (x, y) => [2 * x, -2 * y],
  hessian: () => [
    [2, 0],
    [0, -2],
  ],
};

// At the origin the gradient and the Hessian both vanish: a degenerate critical point that
// no second-order test can classify.
const monkey: Surface = {
  name: 'monkey',
  formula: 'x³ − 3xy²',
  window: [[-2, 2], [-2, 2]],
  start: [1, 0.1],
  minima: [],
  logScale: false,
  suggestedLr: rates({ sgd: 1e-3, sgdm: 1e-4, adagrad: 0.01, rmsprop: 1e-3, adam: 1e-3, radam: 3e-3, adabound: 1e-3 }),
  value: (x, y) => x ** 3 - 3 * x * y * y,
  gradient: (x, y) => [3 * x * x - 3 * y * y, -6 * x * y],
  hessian: (x, y) => [
    [6 * x, -6 * y],
    [-6 * y, -6 * x],
  ],
};

// LECTURE §2: y = w₁·w₂·x with one example (x = 1, ŷ = 1). Saddle at the origin, minima on the
// hyperbola xy = 1. The start lies mostly along the positive-curvature direction (1, −1), so
// descent first slides towards the saddle and then escapes along (−1, −1) to xy = 1.
const w1w2: Surface = {
  name: 'w1w2',
  formula: '(1 − xy)²',
  window: [[-2.5, 2.5], [-2.5, 2.5]],
  start: [0.4, -0.36],
  minima: [],
  logScale: true,
  suggestedLr: rates({ sgd: 0.05, sgdm: 0.01, adagrad: 0.3, rmsprop: 0.01, adam: 0.02, radam: 0.05, adabound: 0.02 }),
  value: (x, y) => (1 - x * y) ** 2,
  gradient: (x, y) => {
    const r = 1 - x * y;
    return [-2 * y * r, -2 * x * r];
  },
  hessian: (x, y) => [
    [2 * y * y, 4 * x * y - 2],
    [4 * x * y - 2, 2 * x * x],
  ],
};

// LECTURE §4: a convex but elongated bowl, Hessian diag(0.2, 20), condition number 100.
// Plain GD needs lr < 2/20 = 0.1 to stay stable in y, and then moves x by a factor of only
// (1 − 0.2·lr) per step: near 0.1 it zig-zags across the valley, far below it crawls.
const ravine: Surface = {
  name: 'ravine',
  formula: 'x²/10 + 10y²',
  window: [[-5, 5], [-1, 1]],
  start: [-4.5, 0.8],
  minima: [[0, 0]],
  logScale: true,
  suggestedLr: rates({ sgd: 0.09, sgdm: 0.01, adagrad: 0.3, rmsprop: 0.03, adam: 0.05, radam: 0.1, adabound: 0.03 }),
  value: (x, y) => (x * x) / 10 + 10 * y * y,
  gradient: (x, y) => [x / 5, 20 * y],
  hessian: () => [
    [0.2, 0],
    [0, 20],
  ],
};

export const SURFACES: Record<SurfaceName, Surface> = { rosenbrock, beale, himmelblau, rastrigin, saddle, monkey, w1w2, ravine };

/** The surface called `fn`, or a RangeError naming the field when callers skipped validation. */
export function requireSurface(fn: string): Surface {
  if (!Object.hasOwn(SURFACES, fn)) throw new RangeError(`fn: unknown surface ${JSON.stringify(fn)}; expected one of ${SURFACE_NAMES.join(', ')}`);
  return SURFACES[fn as SurfaceName];
}
