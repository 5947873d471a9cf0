// §2 Critical points: the lecture's worked example (1 − w₁w₂)² at (0, 0) through the surface
// lab's own analysis, and the minimum-ratio study's small networks on the worker pool.
import type { MinRatioPoint } from '../../../preload/analysis';
import { minRatioRequest } from '../../../preload/analysis';
import { ExperimentError } from '../../engine/nn/errors';
import type { AnalysisTaskResult } from '../../engine/pool/analysis-task';
import { analyzePoint, SURFACES } from '../../engine/surfaces';
import { courseExperiment, storeMeasurement } from '../record';
import type { SectionDef } from '../types';
import { minRatioVerdict, saddleVerdict } from '../verdicts';
import { info2 } from './info';

/** ε along the escape direction; the quartic term of (1 − w₁w₂)² is ε⁴/4, so the quadratic model is within ε²/4 relative. */
export const ESCAPE_EPS = [0.01, 0.02, 0.05, 0.1, 0.2];
/** 1 → w → w → 1 tanh regressions: big enough to have many directions, small enough for the full spectrum. */
export const MIN_RATIO_WIDTHS = [3, 4, 6, 8];

export const criticalPoints: SectionDef = {
  info: info2,
  steps: (seeds) => 1 + MIN_RATIO_WIDTHS.length * seeds,
  series: { saddle: ['eps', 'drop', 'predicted'] },
  async run(ctx) {
    const a = analyzePoint('w1w2', [0, 0]);
    const [u1, u2] = a.escapeDirection ?? [NaN, NaN];
    const f = SURFACES.w1w2;
    const lambda = a.eigenvalues[0];
    const drop = ESCAPE_EPS.map((e) => a.loss - f.value(e * u1, e * u2));
    const predicted = ESCAPE_EPS.map((e) => -0.5 * lambda * e * e);
    const saddleExp = courseExperiment(ctx, 'saddle', 'surface', { fn: 'w1w2', at: [0, 0], eps: ESCAPE_EPS });
    storeMeasurement(
      ctx,
      saddleExp,
      'saddle',
      1,
      { loss: a.loss, gradNorm: a.gradientNorm, lambdaMin: a.eigenvalues[0], lambdaMax: a.eigenvalues[1], kind: a.kind, u1, u2 },
      { eps: ESCAPE_EPS, drop, predicted },
      { fn: 'w1w2', at: [0, 0] },
    );

    const config = minRatioRequest.parse({ widths: MIN_RATIO_WIDTHS });
    const exp = courseExperiment(ctx, 'min-ratio', 'measurement', config);
    await Promise.all(
      MIN_RATIO_WIDTHS.flatMap((width) =>
        ctx.seeds.map(async (seed) => {
          const job = ctx.pool.submit<AnalysisTaskResult>('analysis', { kind: 'minRatioNet', config, width, seed });
          const r = await ctx.track(job.done);
          if (!r.ok) throw new ExperimentError(r.field, r.message);
          const p = r.value as MinRatioPoint;
          storeMeasurement(
            ctx,
            exp,
            `net-w${width}`,
            seed,
            {
              width,
              params: p.params,
              loss: p.loss,
              trainedLoss: p.trainedLoss,
              gradientNorm: p.gradientNorm,
              minimumRatio: p.minimumRatio,
              negative: p.negative,
              lowest: p.lowest,
              highest: p.highest,
              kind: p.kind,
            },
            {},
            { ...config, widths: [width], seed },
          );
        }),
      ),
    );
  },
  verdicts: (runs) => [saddleVerdict(runs), minRatioVerdict(runs)],
};
