// The one-cycle policy (Smith & Topin 2019, "Super-Convergence"), exactly
// torch.optim.lr_scheduler.OneCycleLR (two phases, cycle_momentum=False). Like torch, the cycle's
// own rates replace the optimizer's:
//   initial = maxLr/divFactor, min = initial/finalDivFactor
//   t ≤ pctStart·T − 1:  anneal initial → maxLr over [0, pctStart·T − 1]
//   afterwards:          anneal maxLr → min over [pctStart·T − 1, T − 1]
//   cos anneal: end + (start − end)/2·(cos(π·pct) + 1);  linear: (end − start)·pct + start
// torch raises beyond its T updates; here the rate stays at min from t = T − 1 on.
import type { ScheduleSpec } from '../../../preload/spec';

export function onecycle(spec: Extract<ScheduleSpec, { name: 'onecycle' }>): (t: number) => number {
  const { maxLr, totalSteps, pctStart, divFactor, finalDivFactor, anneal } = spec;
  const initialLr = maxLr / divFactor;
  const minLr = initialLr / finalDivFactor;
  const warmEnd = pctStart * totalSteps - 1;
  const lastStep = totalSteps - 1;
  const interpolate =
    anneal === 'cos'
      ? (start: number, end: number, pct: number) => end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1)
      : (start: number, end: number, pct: number) => (end - start) * pct + start;
  return (t) => {
    const step = Math.min(t, lastStep);
    // warmEnd = 0 (pctStart·T = 1) makes torch divide 0 by 0; the phase ends at maxLr, so take pct 1.
    if (step <= warmEnd) return interpolate(initialLr, maxLr, warmEnd > 0 ? step / warmEnd : 1);
    return interpolate(maxLr, minLr, (step - warmEnd) / (lastStep - warmEnd));
  };
}
