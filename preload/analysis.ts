// The analysis labs' study channels (issue 7): the minimum-ratio study of LECTURE §2. Spread into
// `channels` in contract.ts, so these are ordinary channels of the one table.
import { z } from 'zod';
import { seed, type CriticalKind } from './shapes';

export type { CriticalKind };

/** LECTURE §2's escape from a saddle along the eigenvector u of the lowest eigenvalue λ. */
export interface SaddleEscape {
  lambda: number;
  /** Step lengths ε along u (‖u‖ = 1). */
  eps: number[];
  /** L(θ) + ε·gᵀu + ½λε² (the quadratic model) and L(θ + εu) measured. */
  predicted: number[];
  actual: number[];
}

/** One small network of the study, at the point its gradient-norm polish reached. */
export interface MinRatioPoint {
  width: number;
  seed: number;
  params: number;
  /** Loss after the optimizer, before the Newton polish. */
  trainedLoss: number;
  loss: number;
  gradientNorm: number;
  newtonSteps: number;
  /** # positive eigenvalues / # eigenvalues. */
  minimumRatio: number;
  negative: number;
  lowest: number;
  highest: number;
  /** Saddle, minimum… by ‖g‖ ≤ tol and the eigenvalues' signs ('not-critical' above tol). */
  kind: CriticalKind;
  /** The kind the curvature alone gives, as if the gradient were 0. */
  curvature: CriticalKind;
  escape: SaddleEscape | null;
}

export interface MinRatioStudy {
  points: MinRatioPoint[];
  ms: number;
}

export const minRatioRequest = z
  .object({
    /** A 1-D regression (a smooth loss with true critical points; a separable classification has none). */
    data: z.enum(['sine', 'polynomial']).default('sine'),
    samples: z.number().int().min(10).max(500).default(40),
    noise: z.number().min(0).max(10).default(0.1),
    /** Hidden width w of 1 → w → w → 1 (tanh); w = 16 is 321 parameters. */
    widths: z.array(z.number().int().min(1).max(16)).min(1).max(12).default([2, 3, 4, 6, 8]),
    seeds: z.number().int().min(1).max(20).default(4),
    trainSteps: z.number().int().min(0).max(20_000).default(1000),
    lr: z.number().gt(0).max(1).default(0.02),
    /** ‖g‖ at or below this counts as critical: ~1000× below ‖g‖ at the start; tanh nets' flat valleys keep 30 damped Newton steps around 1e-4…1e-3. */
    tol: z.number().gt(0).max(1).default(1e-3),
    newtonSteps: z.number().int().min(0).max(200).default(30),
    seed: seed.default(1),
  })
  .strict();

export type MinRatioRequest = z.input<typeof minRatioRequest>;

export const analysisStudyChannels = {
  /**
   * Train widths × seeds small networks, polish each to ‖g‖ ≤ tol by damped Newton steps on ½‖g‖²,
   * and report loss, minimum ratio and kind per network, with a saddle-escape curve where an
   * eigenvalue is negative. Runs on the worker pool; 'analysis:progress' events report each network.
   */
  'analysis:minRatio': { request: minRatioRequest, response: {} as MinRatioStudy },
} as const;

/** Progress of a long analysis (a Hessian's columns, a landscape's rows, a study's networks). */
export interface AnalysisProgress {
  channel: 'analysis:hessian' | 'analysis:landscape' | 'analysis:minRatio';
  /** e.g. 'hessian' (column k of n), 'eigenvalues', 'lanczos', 'landscape' (rows), 'network'. */
  phase: string;
  done: number;
  total: number;
}
