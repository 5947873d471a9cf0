// §4 Adaptive learning rates: GD, Adagrad and RMSProp on a long ravine; the lecture's Adagrad
// without and with decay on the lab's quadratic ravine; Adam with and without warm-up on a network.
import { descendSliced, type Descent } from '../descent';
import { quadraticRavine, walledRavine } from '../functions';
import { lectureAdagradSteps } from '../lecture-adagrad';
import { courseExperiment, parseExperiment, storeDescent, trainRole } from '../record';
import type { SectionDef } from '../types';
import { decayVerdict, ravineVerdict, stuckNotSmallVerdict, warmupVerdict } from '../verdicts';
import { info4 } from './info';

export const RAVINE_STEPS = 10_000;
export const RAVINE_RUNS = [
  { role: 'gd-large', optimizer: { name: 'sgd', lr: 0.05 } },
  { role: 'gd-small', optimizer: { name: 'sgd', lr: 0.001 } },
  { role: 'adagrad', optimizer: { name: 'adagrad', lr: 0.1 } },
  { role: 'rmsprop', optimizer: { name: 'rmsprop', lr: 0.003 } },
] as const;
export const DECAY_LR = 0.3;
export const DECAY_STEPS = 3000;
/** Arrived: within this distance of the minimum. */
export const ARRIVED = 0.05;

/** Seed k starts a little further along and lower on the wall. */
export const ravineStart = (seed: number): [number, number] => [-4.5 + 0.1 * (seed - 1), 0.8 - 0.05 * (seed - 1)];

/** A deep-ish ReLU net whose first Adam steps (each weight moves by ≈ lr at once) throw the loss up. */
export function warmupSpec(seed: number, warmup: boolean) {
  return parseExperiment({
    seed,
    data: { source: 'spiral', samples: 400, noise: 0.1 },
    model: [{ dense: 64, activation: 'relu' }, { dense: 64, activation: 'relu' }, { dense: 64, activation: 'relu' }, { dense: 'output' }],
    optimizer: { name: 'adam', lr: 0.05 },
    ...(warmup ? { schedule: { name: 'warmup', steps: 30, startFactor: 0 } } : {}),
    batchSize: 32,
    epochs: 3,
  });
}

const dist = (p: number[]) => Math.hypot(p[0]!, p[1]!);
function flips(path: number[][]): number {
  let n = 0;
  for (let i = 1; i < path.length; i++) if (Math.sign(path[i]![1]!) !== Math.sign(path[i - 1]![1]!)) n++;
  return path.length > 1 ? n / (path.length - 1) : 0;
}


export const adaptiveLr: SectionDef = {
  info: info4,
  steps: (seeds) => seeds * (RAVINE_RUNS.length + 2 + 2),
  series: (role) => (role.startsWith('adam') ? ['loss'] : role === 'gd-large' ? ['loss', 'gradNorm', 'y'] : []),
  async run(ctx) {
    const ravine = courseExperiment(ctx, 'ravine', 'surface', { fn: 'course:walled-ravine', steps: RAVINE_STEPS, entries: RAVINE_RUNS });
    for (const seed of ctx.seeds) {
      await ctx.slice.pause();
      const start = ravineStart(seed);
      for (const { role, optimizer } of RAVINE_RUNS) {
        // Every update of the run whose bouncing is the point; every 10th of the others (10⁴ steps each).
        const d = await descendSliced(ctx.slice, walledRavine, start, { optimizer, steps: RAVINE_STEPS, seed, every: role === 'gd-large' ? 1 : 10 });
        storeDescent(ctx, ravine, role, seed, d, { finalDistance: dist(d.path.at(-1)!), flips: flips(d.path) }, { start, optimizer, steps: RAVINE_STEPS });
      }
    }
    const decay = courseExperiment(ctx, 'decay', 'surface', { fn: 'ravine', steps: DECAY_STEPS, lr: DECAY_LR });
    for (const seed of ctx.seeds) {
      await ctx.slice.pause();
      const start = ravineStart(seed);
      const runs: [string, Descent][] = [
        ['no-decay', await ctx.slice.drive(lectureAdagradSteps(quadraticRavine, start, DECAY_LR, DECAY_STEPS))],
        // √Σg² = √(t+1)·RMS: the engine's Adagrad is the lecture's with η_t = η/√(t+1).
        ['decay', await descendSliced(ctx.slice, quadraticRavine, start, { optimizer: { name: 'adagrad', lr: DECAY_LR, eps: 1e-10 }, steps: DECAY_STEPS, seed })],
      ];
      for (const [role, d] of runs) {
        const arrivedAt = d.path.findIndex((p) => dist(p) < ARRIVED);
        const after = arrivedAt >= 0 ? d.loss.slice(arrivedAt) : [];
        storeDescent(ctx, decay, role, seed, d, { arrivedAt, lossAtStart: d.loss[0]!, maxLossAfterArrival: after.length ? Math.max(...after) : null }, { start, lr: DECAY_LR, steps: DECAY_STEPS, decay: role === 'decay' });
      }
    }
    const warm = courseExperiment(ctx, 'adam-warmup', 'network', warmupSpec(1, false));
    await Promise.all(ctx.seeds.flatMap((seed) => [trainRole(ctx, warm, 'adam', seed, () => warmupSpec(seed, false)), trainRole(ctx, warm, 'adam-warmup', seed, () => warmupSpec(seed, true))]));
  },
  verdicts: (runs) => [stuckNotSmallVerdict(runs), ravineVerdict(runs), decayVerdict(runs), warmupVerdict(runs)],
};
