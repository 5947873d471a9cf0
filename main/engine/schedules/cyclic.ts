// Cyclical learning rates (Smith 2017, "Cyclical Learning Rates for Training Neural Networks"),
// exactly torch.optim.lr_scheduler.CyclicLR with cycle_momentum=False. Like torch, the cycle's own
// baseLr replaces the optimizer's rate.
//   cycle = ⌊1 + t/(up + down)⌋;  x = 1 + t/(up + down) − cycle;  r = up/(up + down)
//   s = x/r while rising, else (x − 1)/(r − 1)
//   lr_t = baseLr + (maxLr − baseLr)·s·scale, scale = 1 | 1/2^(cycle−1) (triangular2) | γᵗ (exp_range)
import type { ScheduleSpec } from '../../../preload/spec';

export function cyclic(spec: Extract<ScheduleSpec, { name: 'cyclic' }>): (t: number) => number {
  const { baseLr, maxLr, stepSizeUp, mode, gamma } = spec;
  const stepSizeDown = spec.stepSizeDown ?? stepSizeUp;
  const totalSize = stepSizeUp + stepSizeDown;
  const stepRatio = stepSizeUp / totalSize;
  return (t) => {
    const cycle = Math.floor(1 + t / totalSize);
    const x = 1 + t / totalSize - cycle;
    const scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
    const baseHeight = (maxLr - baseLr) * scaleFactor;
    const scale = mode === 'triangular' ? 1 : mode === 'triangular2' ? 1 / 2 ** (cycle - 1) : gamma ** t;
    return baseLr + baseHeight * scale;
  };
}
