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
import type { ScheduleName, ScheduleSpec } from '../../../preload/spec';
import type { CatalogEntry } from '../optim/types';
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

export const SCHEDULE_CATALOG: Record<ScheduleName, CatalogEntry> = {
  constant: {
    title: { en: 'Constant', zh: '固定学习率' },
    explain: { en: 'The same η at every update.', zh: '每次更新使用同一个 η。' },
  },
  step: {
    title: { en: 'Step decay', zh: '阶梯衰减' },
    explain: { en: 'Multiply η by γ every stepSize updates.', zh: '每 stepSize 次更新把 η 乘以 γ。' },
  },
  exponential: {
    title: { en: 'Exponential decay', zh: '指数衰减' },
    explain: { en: 'η_t = η·γᵗ: decay so Adagrad-like steps stop shooting off once σ gets tiny.', zh: 'η_t = η·γᵗ：衰减学习率，避免 σ 变得很小后步子突然变大。' },
  },
  cosine: {
    title: { en: 'Cosine annealing', zh: '余弦退火' },
    explain: { en: 'η falls along half a cosine from its start to etaMin over tMax updates.', zh: 'η 在 tMax 次更新内沿半个余弦从初值降到 etaMin。' },
  },
  warmup: {
    title: { en: 'Linear warm-up', zh: '线性预热' },
    explain: { en: 'Start small and grow linearly while σ is still an unreliable statistic, then hand over to another schedule.', zh: '在 σ 这个统计量还不可靠时从小学习率线性增大，之后交给另一个调度。' },
  },
  cyclic: {
    title: { en: 'Cyclical LR', zh: '循环学习率' },
    explain: { en: 'η bounces linearly between baseLr and maxLr in triangles.', zh: 'η 在 baseLr 与 maxLr 之间按三角形线性往返。' },
  },
  sgdr: {
    title: { en: 'SGDR (warm restarts)', zh: 'SGDR（热重启）' },
    explain: { en: 'Cosine annealing that jumps back to the start rate every period (period × tMult each time).', zh: '余弦退火，每个周期结束后跳回初始学习率（周期每次乘以 tMult）。' },
  },
  onecycle: {
    title: { en: 'One-cycle', zh: '单周期 (One-cycle)' },
    explain: { en: 'One warm-up to maxLr, then a long anneal far below the start.', zh: '先预热升到 maxLr，再长时间退火到远低于起点。' },
  },
  invsqrt: {
    title: { en: 'Transformer warm-up (inverse sqrt)', zh: 'Transformer 预热（平方根倒数）' },
    explain: { en: 'η·d^−0.5·min(step^−0.5, step·warmup^−1.5): linear warm-up, then decay as 1/√step.', zh: 'η·d^−0.5·min(step^−0.5, step·warmup^−1.5)：先线性预热，再按 1/√step 衰减。' },
  },
  rangeTest: {
    title: { en: 'LR range test', zh: '学习率范围测试' },
    explain: { en: 'Raise η exponentially from minLr to maxLr over a short run; plot loss against η to pick a rate.', zh: '在短时间内把 η 从 minLr 指数增大到 maxLr，画出损失随 η 的变化来选学习率。' },
  },
};
