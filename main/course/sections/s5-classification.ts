// §5 Classification: the engine's softmax checked on random logits; the MSE and cross-entropy
// error surfaces of the same 2-class network over one grid; and training from the MSE plateau.
import { classifierLoss, engineSoftmax, twoClassData } from '../classifier';
import { descendSliced } from '../descent';
import { createRng } from '../../engine/random';
import { courseExperiment, storeMeasurement } from '../record';
import type { SectionDef } from '../types';
import { msePlateauVerdict, mseStallsVerdict, softmaxVerdict } from '../verdicts';
import { info5 } from './info';

export const GRID = { from: -8, to: 8, cells: 41 };
/** Confidently wrong: w = 8 calls every x > 0 point class 0 (they are class 1); MSE's gradient has all but vanished there. */
export const PLATEAU_START: [number, number] = [8, 0];
export const TRAIN = { lr: 0.5, steps: 300 };
const SAMPLES = 100;

export const classification: SectionDef = {
  info: info5,
  steps: (seeds) => 1 + 2 + 2 * seeds,
  series: (role) => (role.endsWith('-surface') ? ['loss', 'gradNorm'] : []),
  async run(ctx) {
    const soft = courseExperiment(ctx, 'softmax', 'measurement', { vectors: 1000, classes: [2, 3, 5, 10] });
    const rng = createRng(ctx.seeds[0] ?? 1);
    let minP = 1;
    let maxP = 0;
    let sumErr = 0;
    let sigErr = 0;
    let vectors = 0;
    for (const k of [2, 3, 5, 10]) {
      for (let v = 0; v < 250; v++) {
        await ctx.slice.tick();
        const z = Array.from({ length: k }, () => 20 * rng.next() - 10);
        const p = engineSoftmax(z);
        minP = Math.min(minP, ...p);
        maxP = Math.max(maxP, ...p);
        sumErr = Math.max(sumErr, Math.abs(p.reduce((a, b) => a + b, 0) - 1));
        if (k === 2) sigErr = Math.max(sigErr, Math.abs(p[0]! - 1 / (1 + Math.exp(-(z[0]! - z[1]!)))));
        vectors++;
      }
    }
    storeMeasurement(ctx, soft, 'softmax', 1, { minP, maxP, maxSumError: sumErr, maxSigmoidError: sigErr, vectors });

    const data = twoClassData(SAMPLES, 1);
    const surface = courseExperiment(ctx, 'surfaces', 'measurement', { grid: GRID, samples: SAMPLES });
    const axis = Array.from({ length: GRID.cells }, (_, i) => GRID.from + ((GRID.to - GRID.from) * i) / (GRID.cells - 1));
    for (const loss of ['mse', 'cross-entropy'] as const) {
      const l: number[] = [];
      const g: number[] = [];
      for (const b of axis) {
        await ctx.slice.tick();
        for (const w of axis) {
          const r = classifierLoss(loss, data, w, b);
          l.push(r.loss);
          g.push(Math.hypot(...r.grad));
        }
      }
      storeMeasurement(ctx, surface, loss === 'mse' ? 'mse-surface' : 'ce-surface', 1, { loss: loss, cells: l.length, maxLoss: Math.max(...l) }, { loss: l, gradNorm: g, w: axis, b: axis });
    }

    const train = courseExperiment(ctx, 'mse-training', 'measurement', { start: PLATEAU_START, ...TRAIN });
    for (const seed of ctx.seeds) {
      await ctx.slice.pause();
      const d = twoClassData(SAMPLES, seed);
      for (const loss of ['mse', 'cross-entropy'] as const) {
        const objective = {
          at: (p: Float64Array) => {
            const r = classifierLoss(loss, d, p[0]!, p[1]!);
            return { loss: r.loss, grad: Float64Array.from(r.grad) };
          },
        };
        const run = await descendSliced(ctx.slice, objective, PLATEAU_START, { optimizer: { name: 'sgd', lr: TRAIN.lr }, steps: TRAIN.steps, seed });
        const end = run.path.at(-1)!;
        storeMeasurement(
          ctx,
          train,
          loss === 'mse' ? 'mse-train' : 'ce-train',
          seed,
          {
            startLoss: run.loss[0]!,
            finalLoss: run.loss.at(-1)!,
            finalAccuracy: classifierLoss(loss, d, end[0]!, end[1]!).accuracy,
            finalW: end[0]!,
            finalB: end[1]!,
          },
          { x: run.path.map((p) => p[0]!), y: run.path.map((p) => p[1]!), loss: run.loss, gradNorm: run.gradNorm },
          { loss, start: PLATEAU_START, ...TRAIN },
        );
      }
    }
  },
  verdicts: (runs) => [softmaxVerdict(runs), msePlateauVerdict(runs), mseStallsVerdict(runs)],
};
