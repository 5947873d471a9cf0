// §1 A general guide: deep plain vs shallow vs residual networks (optimization failure), the
// bias–complexity U curve and model selection with piecewise-constant regressions (model size =
// number of bins), and mismatch: a shifted test set with ten times more training data.
import { binMse, crossValidateBins, fitBins, samplePoints, seededRng } from '../regression';
import { courseExperiment, meanwhile, parseExperiment, storeMeasurement, trainRole } from '../record';
import type { SectionDef } from '../types';
import { depthVerdict, mismatchVerdict, modelSelectionVerdict, uCurveVerdict } from '../verdicts';
import { info1 } from './info';

export const DEPTH = { depth: 20, width: 16, activation: 'sigmoid', lr: 0.5, momentum: 0.9, epochs: 30 } as const;
export const U_SIZES = [1, 2, 4, 8, 16, 32, 64];
export const U_DATA = { train: 40, validation: 500, noise: 0.3 };
export const SELECTION = { train: 100, publicTest: 10, privateTest: 500, models: 40, folds: 5, leaderboards: 30, noise: 0.3 };
export const MISMATCH = { small: 300, large: 3000, offset: 0.8, epochs: 20 };

type Depth = 'shallow' | 'deep-plain' | 'deep-residual';

/** The same sigmoid layers three ways: 2 hidden layers; 20; 20 with identity shortcuts (y = x + σ(Wx + b)). */
export function depthSpec(kind: Depth, seed: number) {
  const { depth, width, activation, lr, momentum, epochs } = DEPTH;
  const layer = { dense: width, activation };
  const model =
    kind === 'shallow'
      ? [layer, layer]
      : kind === 'deep-plain'
        ? Array.from({ length: depth }, () => layer)
        : [layer, ...Array.from({ length: depth - 1 }, () => ({ residual: [layer], activation: 'linear' as const }))];
  return parseExperiment({
    seed,
    data: { source: 'moons', samples: 300, noise: 0.1 },
    model: [...model, { dense: 'output' }],
    init: 'xavier',
    optimizer: { name: 'sgdm', lr, momentum },
    batchSize: 32,
    epochs,
    // The claim is about training loss: measured by a full pass after each epoch (the curves show it).
    trainPass: true,
  });
}

export function mismatchSpec(seed: number, samples: number, shifted: boolean) {
  return parseExperiment({
    seed,
    data: { source: 'moons', samples, noise: 0.1, ...(shifted ? { shift: { offset: MISMATCH.offset, applyTo: 'test' } } : {}) },
    split: { validation: 0.2, test: 0.3 },
    model: [{ dense: 16, activation: 'relu' }, { dense: 16, activation: 'relu' }, { dense: 'output' }],
    optimizer: { name: 'adam', lr: 0.01 },
    batchSize: 32,
    epochs: MISMATCH.epochs,
  });
}

export const guide: SectionDef = {
  info: info1,
  steps: (seeds) => seeds * (3 + U_SIZES.length + 2 + 3),
  series: {},
  async run(ctx) {
    const depth = courseExperiment(ctx, 'depth', 'network', depthSpec('deep-plain', 1));
    const depthRuns = meanwhile(Promise.all(ctx.seeds.flatMap((seed) => (['shallow', 'deep-plain', 'deep-residual'] as const).map((k) => trainRole(ctx, depth, k, seed, () => depthSpec(k, seed))))));

    const u = courseExperiment(ctx, 'u-curve', 'measurement', { model: 'piecewise-constant', sizes: U_SIZES, ...U_DATA });
    for (const seed of ctx.seeds) {
      await ctx.slice.pause();
      const rng = seededRng(seed);
      const train = samplePoints(U_DATA.train, U_DATA.noise, rng);
      const val = samplePoints(U_DATA.validation, U_DATA.noise, rng);
      for (const bins of U_SIZES) {
        await ctx.slice.tick();
        const m = fitBins(train, bins);
        storeMeasurement(ctx, u, `size-${bins}`, seed, { bins, trainLoss: binMse(m, train), valLoss: binMse(m, val) }, { prediction: m }, { bins, seed, ...U_DATA });
      }
    }

    const sel = courseExperiment(ctx, 'model-selection', 'measurement', { model: 'piecewise-constant', ...SELECTION });
    for (const seed of ctx.seeds) {
      await ctx.slice.pause();
      const rng = seededRng(1000 + seed);
      const acc = { pubChosen: 0, pubPrivate: 0, cvChosen: 0, cvPrivate: 0 };
      const L = SELECTION.leaderboards;
      for (let board = 0; board < L; board++) {
        await ctx.slice.tick();
        const train = samplePoints(SELECTION.train, SELECTION.noise, rng);
        const pub = samplePoints(SELECTION.publicTest, SELECTION.noise, rng);
        const priv = samplePoints(SELECTION.privateTest, SELECTION.noise, rng);
        let byPublic = { score: Infinity, model: [] as number[] };
        let byCv = { score: Infinity, model: [] as number[] };
        for (let bins = 1; bins <= SELECTION.models; bins++) {
          await ctx.slice.tick();
          const m = fitBins(train, bins);
          const p = binMse(m, pub);
          if (p < byPublic.score) byPublic = { score: p, model: m };
          const c = crossValidateBins(train, bins, SELECTION.folds);
          // CV picks the size; the picked model is then retrained on all the training data.
          if (c < byCv.score) byCv = { score: c, model: m };
        }
        acc.pubChosen += byPublic.score / L;
        acc.pubPrivate += binMse(byPublic.model, priv) / L;
        acc.cvChosen += byCv.score / L;
        acc.cvPrivate += binMse(byCv.model, priv) / L;
      }
      storeMeasurement(ctx, sel, 'by-public-test', seed, { chosenScore: acc.pubChosen, privateScore: acc.pubPrivate, leaderboards: L }, {}, { seed, ...SELECTION });
      storeMeasurement(ctx, sel, 'by-cross-validation', seed, { chosenScore: acc.cvChosen, privateScore: acc.cvPrivate, leaderboards: L }, {}, { seed, ...SELECTION });
    }

    const mis = courseExperiment(ctx, 'mismatch', 'network', mismatchSpec(1, MISMATCH.small, true));
    const misRuns = meanwhile(Promise.all(
      ctx.seeds.flatMap((seed) => [
        trainRole(ctx, mis, 'shifted-small', seed, () => mismatchSpec(seed, MISMATCH.small, true)),
        trainRole(ctx, mis, 'shifted-large', seed, () => mismatchSpec(seed, MISMATCH.large, true)),
        trainRole(ctx, mis, 'matched-small', seed, () => mismatchSpec(seed, MISMATCH.small, false)),
      ]),
    ));
    await Promise.all([depthRuns, misRuns]);
  },
  verdicts: (runs) => [depthVerdict(runs), uCurveVerdict(runs), modelSelectionVerdict(runs), mismatchVerdict(runs)],
};
