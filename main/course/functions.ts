// The course's own error surfaces, where the lab's eight do not show a lecture point:
//   bump        f(x) = 0.1(x − 4)² + 0.3·exp(−(x − 2)²/(2·0.3²)): a slope to x = 4 with a small bump
//               at x ≈ 1.86 and a shallow local minimum in front of it (x ≈ 1.55) — §3, momentum.
//   walled      f(x, y) = x²/1000 + ln cosh(10y): a long, convex ravine whose walls have a constant
//               slope (10) away from the floor, so a step too large for the floor bounces between
//               the walls forever instead of diverging — §4, stuck ≠ small gradient.
//   quadratic ravine (the lab's 'ravine', x²/10 + 10y²) — §4, Adagrad's late blow-up.
//   amsgrad     the online problem of Reddi et al. (2018): f_t(x) = 3x every third step, −x otherwise,
//               on [−1, 1]; the average is x/3, best at x = −1 — §7.
import type { Objective } from './descent';

const bumpA = 0.3;
const bumpS = 0.3;
export const bump = {
  value: (x: number) => 0.1 * (x - 4) ** 2 + bumpA * Math.exp(-((x - 2) ** 2) / (2 * bumpS * bumpS)),
  gradient: (x: number) => 0.2 * (x - 4) + bumpA * Math.exp(-((x - 2) ** 2) / (2 * bumpS * bumpS)) * (-(x - 2) / (bumpS * bumpS)),
  minimum: 4,
};

/** Where the bump's gradient turns from positive to negative going right: its top. */
export function bumpTop(): number {
  let prev = bump.gradient(1);
  for (let x = 1; x < 3; x += 1e-4) {
    const g = bump.gradient(x);
    if (prev > 0 && g <= 0) return x;
    prev = g;
  }
  return NaN;
}

export const bumpObjective: Objective = {
  at: (p) => ({ loss: bump.value(p[0]!), grad: Float64Array.of(bump.gradient(p[0]!)) }),
};

const WALL = 10;
export const walledRavine: Objective = {
  at: (p) => ({
    loss: p[0]! ** 2 / 1000 + Math.log(Math.cosh(WALL * p[1]!)),
    grad: Float64Array.of(p[0]! / 500, WALL * Math.tanh(WALL * p[1]!)),
  }),
};

export const quadraticRavine: Objective = {
  at: (p) => ({ loss: p[0]! ** 2 / 10 + 10 * p[1]! ** 2, grad: Float64Array.of(p[0]! / 5, 20 * p[1]!) }),
};

const C = 3;
export const amsgradProblem: Objective = {
  at: (p, t) => {
    const big = t % 3 === 0;
    // The loss shown is the average objective x/3 (the regret's reference), not the online f_t.
    return { loss: p[0]! / 3, grad: Float64Array.of(big ? C : -1) };
  },
};
