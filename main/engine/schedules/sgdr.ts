// SGDR — cosine annealing with warm restarts (Loshchilov & Hutter 2017), exactly
// torch.optim.lr_scheduler.CosineAnnealingWarmRestarts stepped once per update:
//   the i-th period lasts T_i = t0·tMult^i updates; within it, at position T_cur,
//   lr_t = etaMin + (base − etaMin)·(1 + cos(π·T_cur/T_i))/2
import type { ScheduleSpec } from '../../../preload/spec';

export function sgdr(spec: Extract<ScheduleSpec, { name: 'sgdr' }>, baseLr: number): (t: number) => number {
  const { t0, tMult, etaMin } = spec;
  return (t) => {
    // Walk the periods rather than use torch's log formula: exact in integers, and at most
    // log_tMult(t) iterations (or one division when periods do not grow).
    let tCur = t;
    let tI = t0;
    if (tMult === 1) tCur = t % t0;
    else
      while (tCur >= tI) {
        tCur -= tI;
        tI *= tMult;
      }
    return etaMin + ((baseLr - etaMin) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2;
  };
}
