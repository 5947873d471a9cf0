// The optimizer library's front door: a parsed spec (preload/spec.ts) in, an Optimizer out,
// with the spec's gradient wrappers applied around it; plus the bilingual catalog the UI lists.
import type { OptimizerName, OptimizerSpec } from '../../../preload/spec';
import { createAdabound } from './adabound';
import { createAdagrad } from './adagrad';
import { createAdam } from './adam';
import { createLookahead } from './lookahead';
import { createNadam } from './nadam';
import { createRadam } from './radam';
import { createRmsprop } from './rmsprop';
import { createSgd } from './sgd';
import { createSgdw } from './sgdw';
import { createSwats } from './swats';
import type { CatalogEntry, Optimizer, OptimizerOptions } from './types';
import { withGradientTransforms } from './wrappers';

export type { CatalogEntry, Optimizer, OptimizerOptions, Vec } from './types';

export function createOptimizer(spec: OptimizerSpec, opts: OptimizerOptions): Optimizer {
  const bare = createBare(spec, opts);
  if (!spec.gradientNoise && spec.clipNorm === undefined) return bare;
  return withGradientTransforms(bare, { gradientNoise: spec.gradientNoise, clipNorm: spec.clipNorm, seed: opts.seed });
}

function createBare(spec: OptimizerSpec, opts: OptimizerOptions): Optimizer {
  switch (spec.name) {
    case 'sgd':
    case 'sgdm':
    case 'nag':
      return createSgd(spec);
    case 'sgdw':
      return createSgdw(spec);
    case 'adagrad':
      return createAdagrad(spec);
    case 'rmsprop':
      return createRmsprop(spec);
    case 'adam':
    case 'amsgrad':
    case 'adamw':
      return createAdam(spec);
    case 'nadam':
      return createNadam(spec);
    case 'radam':
      return createRadam(spec);
    case 'adabound':
      return createAdabound(spec);
    case 'swats':
      return createSwats(spec);
    case 'lookahead':
      // A different stream for the inner optimizer's noise, should both levels ask for noise.
      return createLookahead(spec, createOptimizer(spec.inner, { seed: innerSeed(opts.seed) }));
  }
}

function innerSeed(seed: number): number {
  return (Math.imul(seed, 0x9e3779b1) + 0x7f4a7c15) >>> 0;
}

/** The rate a schedule starts from: the spec's lr, or for Lookahead its inner optimizer's. */
export function baseLearningRate(spec: OptimizerSpec): number {
  return spec.name === 'lookahead' ? baseLearningRate(spec.inner) : spec.lr;
}

export const OPTIMIZER_CATALOG: Record<OptimizerName, CatalogEntry> = {
  sgd: {
    title: { en: 'SGD', zh: '随机梯度下降 (SGD)' },
    explain: { en: 'θ ← θ − η·g: one step against the gradient, the same rate for every parameter.', zh: 'θ ← θ − η·g：沿梯度反方向走一步，所有参数同一个学习率。' },
  },
  sgdm: {
    title: { en: 'SGD with momentum (SGDM)', zh: '带动量的 SGD (SGDM)' },
    explain: { en: 'Movement = last movement − η·gradient: a weighted sum of all past gradients rolls past bumps and saddles.', zh: '本次移动 = 上次移动 − η·梯度：累积过去所有梯度，能冲过小坡和鞍点。' },
  },
  nag: {
    title: { en: 'Nesterov accelerated gradient (NAG)', zh: 'Nesterov 加速梯度 (NAG)' },
    explain: { en: 'Momentum that takes the gradient where momentum is about to carry you.', zh: '在动量即将带你到达的位置计算梯度的动量法。' },
  },
  adagrad: {
    title: { en: 'Adagrad', zh: 'Adagrad' },
    explain: { en: 'σ = root of the sum of all past squared gradients of each parameter: steep directions slow down, flat ones speed up.', zh: 'σ = 该参数过去所有梯度平方和的平方根：陡的方向步子变小，平的方向步子变大。' },
  },
  rmsprop: {
    title: { en: 'RMSProp', zh: 'RMSProp' },
    explain: { en: 'σ_t = √(α·σ²_{t−1} + (1−α)·g_t²): like Adagrad, but recent gradients weigh more.', zh: 'σ_t = √(α·σ²_{t−1} + (1−α)·g_t²)：与 Adagrad 类似，但近期梯度权重更大。' },
  },
  adam: {
    title: { en: 'Adam', zh: 'Adam' },
    explain: { en: 'RMSProp + momentum, both bias-corrected; weight decay here is L2 added to the gradient.', zh: 'RMSProp + 动量，两者都做偏差校正；此处的 weight decay 是加到梯度上的 L2。' },
  },
  amsgrad: {
    title: { en: 'AMSGrad', zh: 'AMSGrad' },
    explain: { en: 'Adam with v̂_t = max(v̂_{t−1}, v_t): rare large gradients are never forgotten.', zh: 'Adam 加上 v̂_t = max(v̂_{t−1}, v_t)：偶尔出现的大梯度不会被遗忘。' },
  },
  adamw: {
    title: { en: 'AdamW', zh: 'AdamW' },
    explain: { en: 'Adam with decoupled weight decay: θ shrinks directly instead of the decay passing through σ.', zh: '解耦权重衰减的 Adam：直接缩小 θ，而不是让衰减项经过 σ。' },
  },
  nadam: {
    title: { en: 'NAdam', zh: 'NAdam' },
    explain: { en: 'Adam with Nesterov momentum: look ahead along the momentum before stepping.', zh: '带 Nesterov 动量的 Adam：沿动量方向先看一步再走。' },
  },
  radam: {
    title: { en: 'RAdam', zh: 'RAdam' },
    explain: { en: 'Adam that uses plain momentum while ρ_t ≤ 4 (σ is still unreliable), then rectifies the adaptive step by r_t.', zh: 'ρ_t ≤ 4 时（σ 还不可靠）只用动量，之后用 r_t 修正自适应步长的 Adam。' },
  },
  adabound: {
    title: { en: 'AdaBound', zh: 'AdaBound' },
    explain: { en: 'Adam whose per-parameter rate η/(√v̂+ε) is clipped between bounds that both close in on a final SGD rate.', zh: '把每个参数的学习率 η/(√v̂+ε) 夹在上下界之间、两界都收敛到最终 SGD 学习率的 Adam。' },
  },
  swats: {
    title: { en: 'SWATS (Adam → SGD)', zh: 'SWATS（Adam → SGD）' },
    explain: { en: 'Start with Adam, switch to SGDM once the estimated equivalent SGD rate settles.', zh: '先用 Adam，等估计出的等效 SGD 学习率稳定后切换到 SGDM。' },
  },
  sgdw: {
    title: { en: 'SGDW', zh: 'SGDW' },
    explain: { en: 'SGDM with decoupled weight decay: θ shrinks directly, outside the momentum.', zh: '解耦权重衰减的 SGDM：在动量之外直接缩小 θ。' },
  },
  lookahead: {
    title: { en: 'Lookahead', zh: 'Lookahead' },
    explain: { en: 'k fast steps with any optimizer, then the slow weights move a fraction α toward them: k steps forward, 1 step back.', zh: '用任意优化器走 k 步快权重，再让慢权重向其移动比例 α：向前 k 步，退回 1 步。' },
  },
};
