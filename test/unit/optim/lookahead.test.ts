// Lookahead (Zhang et al. 2019) composes with every optimizer: it must equal the inner
// optimizer run alone with its state kept, its weights pulled back every k updates.
import { describe, expect, it } from 'vitest';
import { OPTIMIZER_NAMES } from '../../../preload/spec';
import { baseLearningRate } from '../../../main/engine/optim';
import { SURFACES } from '../../../main/engine/surfaces';
import { engine, parse, run } from './helpers';

const inners = OPTIMIZER_NAMES.filter((n) => n !== 'lookahead');
const LR: Record<string, number> = { sgd: 1e-3, sgdm: 1e-3, nag: 1e-3, sgdw: 1e-3, radam: 1e-3 };

describe('Lookahead around every optimizer', () => {
  it.each(inners)('lookahead(%s) = %s with slow weights synced every k = 3 updates, α = 0.4', (name) => {
    const inner = { name, lr: LR[name] ?? 0.01 };
    const lookahead = run(engine({ name: 'lookahead', k: 3, alpha: 0.4, inner }), 'rosenbrock', [-1.2, 1], 60, () => inner.lr).points;

    const opt = engine(inner);
    const params = Float64Array.of(-1.2, 1);
    const state = opt.init(params);
    const slow = Float64Array.from(params);
    const manual: number[] = [];
    for (let t = 1; t <= 60; t++) {
      const [gx, gy] = SURFACES.rosenbrock.gradient(params[0]!, params[1]!);
      opt.update(Float64Array.of(gx, gy), state, params, inner.lr);
      if (t % 3 === 0)
        for (let i = 0; i < 2; i++) {
          slow[i] = slow[i]! + 0.4 * (params[i]! - slow[i]!);
          params[i] = slow[i]!;
        }
      manual.push(params[0]!, params[1]!);
    }
    expect(lookahead).toEqual(manual);
  });

  it('α = 1 is the inner optimizer itself', () => {
    const inner = { name: 'adam', lr: 0.01 };
    const a = run(engine({ name: 'lookahead', alpha: 1, inner }), 'beale', [1, 1.5], 100, () => 0.01).points;
    const b = run(engine(inner), 'beale', [1, 1.5], 100, () => 0.01).points;
    expect(a).toEqual(b);
  });

  it('nests, reports its syncs with the inner description, and takes the inner learning rate', () => {
    const spec = { name: 'lookahead', k: 4, inner: { name: 'lookahead', k: 2, inner: { name: 'swats', lr: 0.02, switchAt: 10 } } };
    expect(baseLearningRate(parse(spec))).toBe(0.02);
    const opt = engine(spec);
    const { state } = run(opt, 'himmelblau', [0, 0], 20, () => 0.02);
    expect(opt.describe!(state)).toMatchObject({ syncs: 5, phase: 'sgd', switchStep: 10 });
  });
});
