// SWATS's per-update trace in a race: γ_k and Λ for every update of the Adam phase, Λ following
// the paper's estimate from the γ_k themselves: λ_k = β₂λ_{k−1} + (1−β₂)γ_k, Λ_k = λ_k/(1−β₂ᵏ)
// (Keskar & Socher 2017, Algorithm 1) — the numbers a student reads to see why the switch fires.
import { describe, expect, it } from 'vitest';
import { runRace } from '../../../main/engine/surfaces';
import { surfaceExperimentSpec } from '../../../preload/spec';

describe('SWATS trace in a race', () => {
  it('records γ_k and Λ at every update, Λ being the bias-corrected average of the γ_k', () => {
    const spec = surfaceExperimentSpec.parse({ fn: 'w1w2', start: [0.5, 1.2], steps: 80, entries: [{ optimizer: { name: 'swats', lr: 0.01 } }] });
    const [t] = runRace(spec).trajectories;
    const gamma = t!.traces!.gammaK!;
    const big = t!.traces!.Lambda!;
    expect(gamma).toHaveLength(80);
    expect(big).toHaveLength(80);
    const beta2 = 0.999;
    let lambda = 0;
    for (let k = 1; k <= 80; k++) {
      const g = gamma[k - 1]!;
      lambda = beta2 * lambda + (1 - beta2) * g;
      expect(Math.abs(big[k - 1]! - lambda / (1 - beta2 ** k))).toBeLessThanOrEqual(1e-12 * Math.abs(lambda / (1 - beta2 ** k)));
    }
    expect(gamma.at(-1)).toBe(t!.notes!.gammaK);
  });

  it('is absent for optimizers that expose no trace', () => {
    const spec = surfaceExperimentSpec.parse({ fn: 'w1w2', start: [0.5, 1.2], steps: 5, entries: [{ optimizer: { name: 'adam' } }] });
    expect(runRace(spec).trajectories[0]!.traces).toBeUndefined();
  });
});
