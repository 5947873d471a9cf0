// §6 Pokémon vs Digimon: the generalization-bound lab's population and sampled training sets,
// over a sweep of N (|H| = 10,000) and of |H| (N = 200).
import { boundLabSteps } from '../../engine/analysis/bound';
import { courseExperiment, storeMeasurement } from '../record';
import type { SectionDef } from '../types';
import { boundVerdict, gapShrinksVerdict, hAllVerdict, smallHVerdict } from '../verdicts';
import { info6 } from './info';

export const BOUND = { epsilon: 0.1, trainingSets: 500, target: 0.1 };
export const N_SWEEP = [50, 200, 800, 3200];
export const H_SWEEP = [100, 1000, 10000];
const FULL_H = 10000;
const N_FIXED = 200;

export const generalization: SectionDef = {
  info: info6,
  steps: (seeds) => seeds * (1 + N_SWEEP.length + H_SWEEP.length),
  series: {},
  async run(ctx) {
    const exp = courseExperiment(ctx, 'bound', 'measurement', { ...BOUND, n: N_SWEEP, hypotheses: H_SWEEP });
    for (const seed of ctx.seeds) {
      await ctx.slice.pause();
      const lab = async (n: number, hypotheses: number) => {
        const r = await ctx.slice.drive(boundLabSteps({ n, hypotheses, seed, ...BOUND }));
        const excess = Math.max(...r.badFraction.map((b, i) => b - r.bound[i]!));
        return {
          summary: {
            n,
            hypotheses,
            lossAll: r.lossAll,
            hAll: r.hAll,
            gapMean: r.gapMean,
            gapMax: r.gapMax,
            badFraction: r.badAtEpsilon,
            bound: r.boundAtEpsilon,
            maxExcess: excess,
            nNeeded: r.nNeeded,
          },
          series: { epsilon: r.epsilons, badFraction: r.badFraction, bound: r.bound.map((b) => Math.min(b, 1e300)) },
          spec: { n, hypotheses, seed, ...BOUND },
        };
      };
      const pop = await lab(N_FIXED, FULL_H);
      storeMeasurement(ctx, exp, 'population', seed, pop.summary, {}, pop.spec);
      for (const n of N_SWEEP) {
        const r = await lab(n, FULL_H);
        storeMeasurement(ctx, exp, `n-${n}`, seed, r.summary, r.series, r.spec);
        await ctx.slice.pause();
      }
      for (const h of H_SWEEP) {
        const r = await lab(N_FIXED, h);
        storeMeasurement(ctx, exp, `h-${h}`, seed, r.summary, {}, r.spec);
        await ctx.slice.pause();
      }
    }
  },
  verdicts: (runs) => [hAllVerdict(runs), boundVerdict(runs), gapShrinksVerdict(runs), smallHVerdict(runs)],
};
