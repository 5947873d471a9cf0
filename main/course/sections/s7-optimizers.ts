// §7 The optimizer survey: AMSGrad's counterexample, RAdam against warm-up, L2 vs decoupled
// weight decay, Lookahead, SWATS, the LR range test and the cyclic / SGDR / one-cycle schedules.
import { networkRangeTest } from '../../engine/nn/range-test';
import { trainNetworkOnPool } from '../../engine/pool/network';
import { SURFACES } from '../../engine/surfaces';
import { descendSliced, objective } from '../descent';
import { amsgradProblem, quadraticRavine } from '../functions';
import { courseExperiment, parseExperiment, storeDescent, storeMeasurement, trainRole } from '../record';
import type { SectionDef } from '../types';
import { amsgradVerdict, lookaheadVerdict, radamVerdict, rangeTestVerdict, schedulesVerdict, swatsVerdict, weightDecayVerdict } from '../verdicts';
import { info7 } from './info';
import { ravineStart, warmupSpec } from './s4-adaptive-lr';

/** Reddi et al.'s setting: β₁ = 0, β₂ = 1/(1 + C²) with C = 3. */
export const AMSGRAD = { lr: 0.01, beta1: 0, beta2: 0.1, steps: 3000 };
export const amsgradStart = (seed: number) => -0.8 + 0.4 * ((seed - 1) % 5);
export const DECAY = { weightDecay: 0.1, steps: 500, sgdLr: 0.001, adamLr: 0.01 };
export const LOOKAHEAD = { lr: 0.099, k: 5, alpha: 0.5, steps: 200 };
export const SWATS = { lr: 5e-4, steps: 5000 };
export const RANGE = { minLr: 1e-3, maxLr: 1, steps: 100, smoothing: 0.98 };

/** The moons MLP the range test and the schedules train (SGD with momentum, 10 epochs of 10 updates). */
export function surveySpec(seed: number, optimizer: unknown = { name: 'sgdm', lr: 0.05, momentum: 0.9 }, schedule?: unknown) {
  return parseExperiment({
    seed,
    data: { source: 'moons', samples: 400, noise: 0.1 },
    model: [{ dense: 32, activation: 'relu' }, { dense: 32, activation: 'relu' }, { dense: 'output' }],
    optimizer: optimizer as never,
    ...(schedule ? { schedule: schedule as never } : {}),
    batchSize: 32,
    epochs: 10,
  });
}
export const SCHEDULES = {
  constant: { name: 'constant' },
  cyclic: { name: 'cyclic', baseLr: 0.01, maxLr: 0.1, stepSizeUp: 10 },
  sgdr: { name: 'sgdr', t0: 25 },
  onecycle: { name: 'onecycle', maxLr: 0.1, totalSteps: 100 },
} as const;

/** The range test's own stop (after its updates) or the section's. */
const either = (a?: AbortSignal, b?: AbortSignal) => (a && b ? AbortSignal.any([a, b]) : (a ?? b));

const rosenbrock = objective(
  (p) => SURFACES.rosenbrock.value(p[0]!, p[1]!),
  (p) => SURFACES.rosenbrock.gradient(p[0]!, p[1]!),
);
const rosenbrockStart = (seed: number): [number, number] => [-1.2 + 0.1 * (seed - 1), 1];
const himmelblau = objective(
  (p) => SURFACES.himmelblau.value(p[0]!, p[1]!),
  (p) => SURFACES.himmelblau.gradient(p[0]!, p[1]!),
);
const himmelblauStart = (seed: number): [number, number] => [0.05 * (seed - 1), 0];


export const optimizers: SectionDef = {
  info: info7,
  steps: (seeds) => seeds * (2 + 3 + 4 + 2 + 1 + 2 + 4),
  series: (role) =>
    ['sgd-l2', 'sgdw', 'adam-l2', 'adamw', 'inner', 'lookahead'].includes(role) ? ['x', 'y'] : ['constant', 'cyclic', 'sgdr', 'onecycle'].includes(role) ? ['lr', 'loss'] : ['adam', 'adam-warmup', 'radam', 'trained'].includes(role) ? ['loss'] : [],
  async run(ctx) {
    const ams = courseExperiment(ctx, 'amsgrad', 'surface', { fn: 'course:amsgrad', ...AMSGRAD });
    for (const seed of ctx.seeds) {
      await ctx.slice.pause();
      for (const name of ['adam', 'amsgrad'] as const) {
        const optimizer = { name, lr: AMSGRAD.lr, beta1: AMSGRAD.beta1, beta2: AMSGRAD.beta2 };
        storeDescent(ctx, ams, `online-${name}`, seed, await descendSliced(ctx.slice, amsgradProblem, [amsgradStart(seed)], { optimizer, steps: AMSGRAD.steps, box: [-1, 1], seed }), {}, { start: amsgradStart(seed), optimizer });
      }
    }

    const wd = courseExperiment(ctx, 'weight-decay', 'surface', { fn: 'rosenbrock', ...DECAY });
    for (const seed of ctx.seeds) {
      await ctx.slice.pause();
      const entries = [
        ['sgd-l2', { name: 'sgd', lr: DECAY.sgdLr, weightDecay: DECAY.weightDecay }],
        ['sgdw', { name: 'sgdw', lr: DECAY.sgdLr, momentum: 0, weightDecay: DECAY.weightDecay }],
        ['adam-l2', { name: 'adam', lr: DECAY.adamLr, weightDecay: DECAY.weightDecay }],
        ['adamw', { name: 'adamw', lr: DECAY.adamLr, weightDecay: DECAY.weightDecay }],
      ] as const;
      for (const [role, optimizer] of entries) {
        const d = await descendSliced(ctx.slice, rosenbrock, rosenbrockStart(seed), { optimizer, steps: DECAY.steps, seed });
        storeDescent(ctx, wd, role, seed, d, {}, { start: rosenbrockStart(seed), optimizer });
      }
    }

    const la = courseExperiment(ctx, 'lookahead', 'surface', { fn: 'ravine', ...LOOKAHEAD });
    for (const seed of ctx.seeds) {
      await ctx.slice.pause();
      const inner = { name: 'sgd', lr: LOOKAHEAD.lr };
      storeDescent(ctx, la, 'inner', seed, await descendSliced(ctx.slice, quadraticRavine, ravineStart(seed), { optimizer: inner, steps: LOOKAHEAD.steps, seed }), {}, { start: ravineStart(seed), optimizer: inner });
      const wrapped = { name: 'lookahead', k: LOOKAHEAD.k, alpha: LOOKAHEAD.alpha, inner };
      storeDescent(ctx, la, 'lookahead', seed, await descendSliced(ctx.slice, quadraticRavine, ravineStart(seed), { optimizer: wrapped, steps: LOOKAHEAD.steps, seed }), {}, { start: ravineStart(seed), optimizer: wrapped });
    }

    const sw = courseExperiment(ctx, 'swats', 'surface', { fn: 'himmelblau', ...SWATS });
    for (const seed of ctx.seeds) {
      await ctx.slice.pause();
      const optimizer = { name: 'swats', lr: SWATS.lr };
      const d = await descendSliced(ctx.slice, himmelblau, himmelblauStart(seed), { optimizer, steps: SWATS.steps, seed });
      const step = d.notes.switchStep;
      const lambda = d.notes.Lambda;
      storeDescent(ctx, sw, 'swats', seed, d, { switchStep: typeof step === 'number' ? step : null, sgdLr: typeof lambda === 'number' ? lambda : null }, { start: himmelblauStart(seed), optimizer });
    }

    const warm = courseExperiment(ctx, 'radam', 'network', warmupSpec(1, false));
    await Promise.all(
      ctx.seeds.flatMap((seed) => [
        trainRole(ctx, warm, 'adam', seed, () => warmupSpec(seed, false)),
        trainRole(ctx, warm, 'adam-warmup', seed, () => warmupSpec(seed, true)),
        trainRole(ctx, warm, 'radam', seed, () => ({ ...warmupSpec(seed, false), optimizer: { ...warmupSpec(seed, false).optimizer, name: 'radam' } as never })),
      ]),
    );

    const range = courseExperiment(ctx, 'range-test', 'network', surveySpec(1));
    await Promise.all(
      ctx.seeds.map(async (seed) => {
        const spec = surveySpec(seed);
        const curve = await ctx.track(
          networkRangeTest(spec, RANGE, (probe, hooks) =>
            trainNetworkOnPool(ctx.pool, probe, { ...hooks, threads: 1, signal: either(hooks.signal, ctx.signal) }),
          ),
        );
        storeMeasurement(
          ctx,
          range,
          'range-test',
          seed,
          { suggestedLr: curve.suggestedLr, steepestLr: curve.steepestLr, minLossLrOver10: curve.minLossLrOver10, status: curve.status },
          { lr: curve.lr, loss: curve.loss, smoothed: curve.smoothed },
          { spec, ...RANGE },
        );
        await trainRole(ctx, range, 'trained', seed, () => surveySpec(seed, { name: 'sgdm', lr: curve.suggestedLr, momentum: 0.9 }));
      }),
    );

    const sched = courseExperiment(ctx, 'schedules', 'network', surveySpec(1));
    await Promise.all(
      ctx.seeds.flatMap((seed) =>
        Object.entries(SCHEDULES).map(([role, schedule]) => trainRole(ctx, sched, role, seed, () => surveySpec(seed, undefined, schedule))),
      ),
    );
  },
  verdicts: (runs) => [
    amsgradVerdict(runs),
    radamVerdict(runs),
    weightDecayVerdict(runs),
    lookaheadVerdict(runs),
    swatsVerdict(runs),
    rangeTestVerdict(runs),
    schedulesVerdict(runs),
  ],
};
