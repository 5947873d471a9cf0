// §3 Batch and momentum: the same digits MLP at four batch sizes, one run at a time on all the
// pool's threads (so no run shares the cores with another while it is timed); and gradient
// descent with and without momentum on a slope with a small bump.
import type { TrainResult } from '../../engine/nn/train';
import { descendSliced } from '../descent';
import { bumpObjective, bumpTop, bump } from '../functions';
import { courseExperiment, parseExperiment, storeMeasurement, trainRole } from '../record';
import type { SectionDef } from '../types';
import { batchGeneralizationVerdict, epochTimeVerdict, momentumBumpVerdict } from '../verdicts';
import { info3 } from './info';

export const BATCH_SIZES = [4, 16, 64, 1024];
export const BATCH_EPOCHS = 8;
export const BUMP = { lr: 0.05, momentum: 0.9, steps: 500 };
/** Seed k starts 0.2·k left of the origin. */
export const bumpStart = (seed: number) => -0.2 * seed;

export function batchSpec(seed: number, batchSize: number, threads: number) {
  return parseExperiment({
    seed,
    data: { source: 'digits', standardize: true },
    model: [{ dense: 32, activation: 'relu' }, { dense: 'output' }],
    optimizer: { name: 'sgd', lr: 0.05 },
    batchSize,
    epochs: BATCH_EPOCHS,
    threads,
  });
}

export const batchMomentum: SectionDef = {
  info: info3,
  steps: (seeds) => seeds * (BATCH_SIZES.length + 2),
  series: (role) => (role.startsWith('batch-') ? ['epochMs'] : []),
  async run(ctx) {
    const threads = ctx.pool.size;
    const exp = courseExperiment(ctx, 'batch', 'network', batchSpec(1, BATCH_SIZES[0]!, threads));
    // One after another: the timings are the point, so no two runs share the cores.
    for (const seed of ctx.seeds)
      for (const b of BATCH_SIZES) {
        // The batch-size lab's summary fields, so History, Compare and the course read the same numbers.
        const summary = (r: TrainResult) => {
          const ms = r.epochs.map((e) => e.ms).sort((x, y) => x - y);
          const msPerEpoch = ms.length ? ms[ms.length >> 1]! : null;
          const updatesPerEpoch = Math.ceil(r.data.train / b);
          return { batchSize: b, updatesPerEpoch, threads, msPerEpoch, msPerUpdate: msPerEpoch === null ? null : msPerEpoch / updatesPerEpoch };
        };
        await trainRole(ctx, exp, `batch-${b}`, seed, batchSpec(seed, b, threads), { threads, summary });
      }

    const top = bumpTop();
    const bumpExp = courseExperiment(ctx, 'bump', 'surface', { fn: 'course:bump', ...BUMP });
    for (const seed of ctx.seeds) {
      await ctx.slice.pause();
      for (const [role, optimizer] of [
        ['gd', { name: 'sgd', lr: BUMP.lr }],
        ['momentum', { name: 'sgdm', lr: BUMP.lr, momentum: BUMP.momentum }],
      ] as const) {
        const d = await descendSliced(ctx.slice, bumpObjective, [bumpStart(seed)], { optimizer, steps: BUMP.steps, seed });
        storeMeasurement(
          ctx,
          bumpExp,
          role,
          seed,
          { finalX: d.path.at(-1)![0]!, finalLoss: d.loss.at(-1)!, bumpTop: top, minimum: bump.minimum, status: d.status },
          { x: d.path.map((p) => p[0]!), loss: d.loss, gradNorm: d.gradNorm },
          { start: bumpStart(seed), optimizer, steps: BUMP.steps },
        );
      }
    }
  },
  verdicts: (runs) => [epochTimeVerdict(runs), batchGeneralizationVerdict(runs), momentumBumpVerdict(runs)],
};
