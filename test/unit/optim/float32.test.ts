// The same optimizers serve float32 networks: state takes the parameters' array kind and a
// float32 run follows the float64 one to float32 accuracy.
import { describe, expect, it } from 'vitest';
import { OPTIMIZER_NAMES } from '../../../preload/spec';
import { engine, run } from './helpers';

const LR: Record<string, number> = { sgd: 1e-3, sgdm: 1e-3, nag: 1e-3, sgdw: 1e-3, radam: 1e-3 };

describe('Float32Array parameters', () => {
  it.each(OPTIMIZER_NAMES)('%s runs in float32 and stays within 1e-4 of float64 over 100 updates', (name) => {
    const inner = { name: name === 'lookahead' ? 'adam' : name, lr: LR[name] ?? 0.01 };
    const spec = name === 'lookahead' ? { name, inner } : inner;
    const f64 = run(engine(spec), 'himmelblau', [0, 0], 100, () => inner.lr, 'f64');
    const f32 = run(engine(spec), 'himmelblau', [0, 0], 100, () => inner.lr, 'f32');
    const worst = Math.max(...f64.points.map((v, i) => Math.abs(v - f32.points[i]!) / Math.max(1, Math.abs(v))));
    expect(worst).toBeLessThan(1e-4);
    expect(worst).toBeGreaterThan(0); // it really ran in single precision
  });

  it('keeps optimizer state in Float32Array when the parameters are float32', () => {
    const opt = engine({ name: 'adam', amsgrad: true });
    const state = opt.init(new Float32Array(3)) as { m: unknown; v: unknown; vMax: unknown };
    expect(state.m).toBeInstanceOf(Float32Array);
    expect(state.v).toBeInstanceOf(Float32Array);
    expect(state.vMax).toBeInstanceOf(Float32Array);
  });
});
