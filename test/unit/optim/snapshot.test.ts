// An optimizer's state taken and put back (optim/snapshot.ts): the binary form keeps every bit
// (NaN, ±Infinity, −0, float32 and float64 arrays), a generator continues its stream where it
// was saved (Box–Muller's spare included), and a state that does not fit is refused.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../main/engine/random';
import { decodeState, encodeState, restoreState, snapshotState } from '../../../main/engine/optim/snapshot';
import { createOptimizer } from '../../../main/engine/optim';
import { optimizerSpec } from '../../../preload/spec';

describe('optimizer state snapshots', () => {
  it('the binary form gives back every value bit for bit', () => {
    const value = {
      step: 7, phase: 'sgd', lambda: 0.1 + 0.2, none: null, neg0: -0, nan: NaN, inf: -Infinity,
      m: Float32Array.from([1.5, -0, NaN, 3.4e38]), v: Float64Array.from([Math.PI, Number.MIN_VALUE]), ids: Int32Array.from([-1, 2]),
      inner: { odd: new Float32Array(3), list: [1, 'a', null] },
    };
    const back = decodeState(encodeState(value)) as typeof value;
    expect(Object.is(back.neg0, -0)).toBe(true);
    expect(back.nan).toBeNaN();
    expect(back.inf).toBe(-Infinity);
    expect(back.lambda).toBe(0.1 + 0.2);
    expect(back.m).toBeInstanceOf(Float32Array);
    expect(Buffer.from(back.m.buffer).equals(Buffer.from(value.m.buffer))).toBe(true);
    expect(Array.from(back.v)).toEqual(Array.from(value.v));
    expect(back.ids).toBeInstanceOf(Int32Array);
    expect(back).toMatchObject({ step: 7, phase: 'sgd', none: null, inner: { list: [1, 'a', null] } });
    expect(back.inner.odd).toEqual(new Float32Array(3));
  });

  it('a gradient-noise generator continues its stream, the pending Box–Muller spare included', () => {
    const rng = createRng(5);
    for (let i = 0; i < 3; i++) rng.normal(); // odd: a spare waits
    const saved = decodeState(encodeState(snapshotState({ rng })));
    const expected = Array.from({ length: 9 }, () => rng.normal());
    const fresh = { rng: createRng(5) };
    restoreState(fresh, saved);
    expect(Array.from({ length: 9 }, () => fresh.rng.normal())).toEqual(expected);
  });

  it('noisy, clipped Adam: its whole state restored gives the same next updates', () => {
    const opt = createOptimizer(optimizerSpec.parse({ name: 'adam', lr: 0.01, gradientNoise: { eta: 0.1 }, clipNorm: 1 }), { seed: 3 });
    const params = Float32Array.from([0.5, -1, 2]);
    const state = opt.init(params);
    const grad = () => Float32Array.from([0.3, -2, 1]);
    for (let t = 0; t < 5; t++) opt.update(grad(), state, params, 0.01);
    const saved = decodeState(encodeState(snapshotState(state)));
    const twin = params.slice();
    const twinState = opt.init(twin);
    restoreState(twinState, saved);
    for (let t = 0; t < 5; t++) {
      opt.update(grad(), state, params, 0.01);
      opt.update(grad(), twinState, twin, 0.01);
    }
    expect(Array.from(twin)).toEqual(Array.from(params));
  });

  it('refuses a state that does not fit the optimizer', () => {
    expect(() => restoreState({ m: new Float32Array(3) }, { m: new Float32Array(4) })).toThrow(/does not fit/);
    expect(() => restoreState({ rng: null }, { rng: { $rng: createRng(1).save() } })).toThrow(/generator/);
    expect(() => decodeState(new Uint8Array(16))).toThrow(/not a saved training state/);
  });
});
