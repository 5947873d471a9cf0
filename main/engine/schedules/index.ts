// Learning-rate schedules as pure functions of the 0-based update index t (LECTURE §4, §7).
// Each equals torch.optim.lr_scheduler's scheduler of the same name stepped once per update
// (closed forms of torch's recursive updates, so values agree to rounding, well inside 1e-9):
//   constant      lr_t = base
//   step          base·γ^⌊t/stepSize⌋                                        (StepLR)
//   exponential   base·γᵗ                                                    (ExponentialLR)
//   cosine        etaMin + (base − etaMin)(1 + cos(πt/tMax))/2 — past tMax it rises again, as torch's
//                 does (CosineAnnealingLR)
//   warmup        base·(startFactor + (1 − startFactor)·t/steps) for t < steps, then `then` at t − steps
//                 (LinearLR + SequentialLR; torch refuses startFactor 0, the formula does not; before
//                 onecycle torch warms up to maxLr/divFactor, because OneCycleLR overwrites initial_lr)
//   cyclic, sgdr, onecycle — see their files
//   invsqrt       base·dModel^−½·min((t+1)^−½, (t+1)·warmupSteps^−1.5)      (Vaswani et al. 2017)
//   rangeTest     minLr·(maxLr/minLr)^(t/(steps−1)), held at maxLr afterwards (Smith 2017 LR range test)
import type { ScheduleSpec } from '../../../preload/spec';
import { cyclic } from './cyclic';
import { onecycle } from './onecycle';
import { sgdr } from './sgdr';

export type Schedule = (t: number) => number;

export function createSchedule(spec: ScheduleSpec, baseLr: number): Schedule {
  switch (spec.name) {
    case 'constant':
      return () => baseLr;
    case 'step': {
      const { stepSize, gamma } = spec;
      return (t) => baseLr * gamma ** Math.floor(t / stepSize);
    }
    case 'exponential': {
      const { gamma } = spec;
      return (t) => baseLr * gamma ** t;
    }
    case 'cosine': {
      const { tMax, etaMin } = spec;
      return (t) => etaMin + ((baseLr - etaMin) * (1 + Math.cos((Math.PI * t) / tMax))) / 2;
    }
    case 'warmup': {
      const { steps, startFactor } = spec;
      const then = createSchedule(spec.then, baseLr);
      return (t) => (t < steps ? baseLr * (startFactor + ((1 - startFactor) * t) / steps) : then(t - steps));
    }
    case 'cyclic':
      return cyclic(spec);
    case 'sgdr':
      return sgdr(spec, baseLr);
    case 'onecycle':
      return onecycle(spec);
    case 'invsqrt': {
      const scale = baseLr * spec.dModel ** -0.5;
      const warm = spec.warmupSteps ** -1.5;
      return (t) => scale * Math.min((t + 1) ** -0.5, (t + 1) * warm);
    }
    case 'rangeTest': {
      const { minLr, maxLr, steps } = spec;
      const ratio = maxLr / minLr;
      return (t) => minLr * ratio ** (Math.min(t, steps - 1) / (steps - 1));
    }
  }
}
