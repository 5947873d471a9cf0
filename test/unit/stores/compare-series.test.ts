// What Compare reads of its runs comes from the one list of per-epoch series (preload/shapes.ts):
// a series the engine starts writing per epoch is read by Compare (and its bench) without a
// second list to update, and the metric menu keeps its order: the full pass before the
// mini-batch figures, as the lecture reads them.
import { describe, expect, it } from 'vitest';
import { COMPARE_SERIES, EPOCH_SERIES } from '../../../preload/shapes';

describe('Compare’s series', () => {
  it('hold every per-epoch series the engine writes, and the races’ per-update ones', () => {
    for (const name of EPOCH_SERIES) expect(COMPARE_SERIES).toContain(name);
    for (const name of ['loss', 'x', 'y', 'lr', 'gradNorm']) expect(COMPARE_SERIES).toContain(name);
    expect(new Set(COMPARE_SERIES).size).toBe(COMPARE_SERIES.length);
  });

  it('list the full-pass training figures before the mean mini-batch ones', () => {
    const at = (name: string) => COMPARE_SERIES.indexOf(name);
    expect(at('fullTrainLoss')).toBeLessThan(at('trainLoss'));
    expect(at('fullTrainAccuracy')).toBeLessThan(at('trainAccuracy'));
    expect(at('fullTrainLoss')).toBeLessThan(at('valLoss'));
    // The order Compare has always asked for (its metric menu follows it).
    expect(COMPARE_SERIES).toEqual([
      'loss', 'x', 'y', 'lr', 'gradNorm', 'fullTrainLoss', 'fullTrainAccuracy', 'trainLoss', 'trainAccuracy', 'valLoss', 'valAccuracy', 'epochLr', 'epochMs',
    ]);
  });
});
