// Batch normalization (Ioffe & Szegedy 2015) and layer normalization (Ba et al. 2016), with
// PyTorch's conventions: biased variance to normalise, running statistics updated as
// r ← (1−momentum)·r + momentum·batch with the *unbiased* batch variance, eps inside the root.
import type { Binding, ForwardContext, Layer } from './layer';
import { ensure, type DType, type Float } from './tensor';

abstract class Normalization implements Layer {
  abstract readonly kind: string;
  readonly paramSize: number;
  readonly outSize: number;
  abstract readonly stateSize: number;
  protected gamma!: Float;
  protected beta!: Float;
  protected dgamma!: Float;
  protected dbeta!: Float;
  protected xhat: Float | null = null;
  protected y: Float | null = null;
  protected dx: Float | null = null;

  constructor(
    readonly inSize: number,
    readonly eps: number,
    protected readonly dtype: DType,
  ) {
    this.outSize = inSize;
    this.paramSize = 2 * inSize;
  }

  bind(to: Binding, p: number, s: number): [number, number] {
    const d = this.inSize;
    this.gamma = to.params.subarray(p, p + d);
    this.beta = to.params.subarray(p + d, p + 2 * d);
    this.dgamma = to.grads.subarray(p, p + d);
    this.dbeta = to.grads.subarray(p + d, p + 2 * d);
    this.bindState(to.state, s);
    return [p + this.paramSize, s + this.stateSize];
  }

  protected bindState(_state: Float, _offset: number): void {}

  init(): void {
    this.gamma.fill(1);
    this.beta.fill(0);
  }

  abstract forward(x: Float, n: number, ctx: ForwardContext): Float;
  abstract backward(dy: Float, n: number): Float;

  describe(): Record<string, unknown> {
    return { type: this.kind, eps: this.eps, gamma: Array.from(this.gamma), beta: Array.from(this.beta) };
  }
}

export class BatchNorm extends Normalization {
  readonly kind = 'batchnorm';
  readonly stateSize: number;
  private runningMean!: Float;
  private runningVar!: Float;
  /** 1/√(var+eps) per feature of the last forward (batch or running statistics). */
  private invStd: Float;
  private mean: Float;
  private trained = false;

  constructor(inSize: number, readonly momentum: number, eps: number, dtype: DType) {
    super(inSize, eps, dtype);
    this.stateSize = 2 * inSize;
    this.invStd = new Float64Array(inSize);
    this.mean = new Float64Array(inSize);
  }

  protected override bindState(state: Float, s: number): void {
    this.runningMean = state.subarray(s, s + this.inSize);
    this.runningVar = state.subarray(s + this.inSize, s + 2 * this.inSize);
  }

  override init(): void {
    super.init();
    this.runningMean.fill(0);
    this.runningVar.fill(1);
  }

  forward(x: Float, n: number, ctx: ForwardContext): Float {
    const d = this.inSize;
    const xhat = (this.xhat = ensure(this.xhat, this.dtype, n * d));
    const y = (this.y = ensure(this.y, this.dtype, n * d));
    this.trained = ctx.train;
    for (let j = 0; j < d; j++) {
      let mean: number;
      let variance: number;
      if (ctx.train) {
        mean = 0;
        for (let i = 0; i < n; i++) mean += x[i * d + j]!;
        mean /= n;
        variance = 0;
        for (let i = 0; i < n; i++) {
          const c = x[i * d + j]! - mean;
          variance += c * c;
        }
        variance /= n;
        const m = this.momentum;
        this.runningMean[j] = (1 - m) * this.runningMean[j]! + m * mean;
        // A batch of one has no unbiased variance; keep the running value rather than store NaN.
        if (n > 1) this.runningVar[j] = (1 - m) * this.runningVar[j]! + m * variance * (n / (n - 1));
      } else {
        mean = this.runningMean[j]!;
        variance = this.runningVar[j]!;
      }
      const inv = 1 / Math.sqrt(variance + this.eps);
      this.mean[j] = mean;
      this.invStd[j] = inv;
      const g = this.gamma[j]!;
      const b = this.beta[j]!;
      for (let i = 0; i < n; i++) {
        const h = (x[i * d + j]! - mean) * inv;
        xhat[i * d + j] = h;
        y[i * d + j] = g * h + b;
      }
    }
    return y;
  }

  backward(dy: Float, n: number): Float {
    const d = this.inSize;
    const xhat = this.xhat!;
    const dx = (this.dx = ensure(this.dx, this.dtype, n * d));
    for (let j = 0; j < d; j++) {
      let sumDy = 0;
      let sumDyXhat = 0;
      for (let i = 0; i < n; i++) {
        sumDy += dy[i * d + j]!;
        sumDyXhat += dy[i * d + j]! * xhat[i * d + j]!;
      }
      this.dbeta[j]! += sumDy;
      this.dgamma[j]! += sumDyXhat;
      const g = this.gamma[j]!;
      const inv = this.invStd[j]!;
      if (!this.trained) {
        // Running statistics are constants: the layer is affine.
        for (let i = 0; i < n; i++) dx[i * d + j] = dy[i * d + j]! * g * inv;
        continue;
      }
      // dx = γ/σ · (dy − mean(dy) − x̂·mean(dy·x̂)), the batch statistics' own gradients folded in.
      const meanDy = sumDy / n;
      const meanDyXhat = sumDyXhat / n;
      for (let i = 0; i < n; i++) dx[i * d + j] = g * inv * (dy[i * d + j]! - meanDy - xhat[i * d + j]! * meanDyXhat);
    }
    return dx;
  }

  override describe(): Record<string, unknown> {
    return { ...super.describe(), momentum: this.momentum, runningMean: Array.from(this.runningMean), runningVar: Array.from(this.runningVar) };
  }
}

export class LayerNorm extends Normalization {
  readonly kind = 'layernorm';
  readonly stateSize = 0;
  private invStd: Float64Array = new Float64Array(0);

  forward(x: Float, n: number, _ctx: ForwardContext): Float {
    const d = this.inSize;
    const xhat = (this.xhat = ensure(this.xhat, this.dtype, n * d));
    const y = (this.y = ensure(this.y, this.dtype, n * d));
    if (this.invStd.length < n) this.invStd = new Float64Array(Math.max(n, 2 * this.invStd.length));
    for (let i = 0; i < n; i++) {
      const o = i * d;
      let mean = 0;
      for (let j = 0; j < d; j++) mean += x[o + j]!;
      mean /= d;
      let variance = 0;
      for (let j = 0; j < d; j++) {
        const c = x[o + j]! - mean;
        variance += c * c;
      }
      const inv = 1 / Math.sqrt(variance / d + this.eps);
      this.invStd[i] = inv;
      for (let j = 0; j < d; j++) {
        const h = (x[o + j]! - mean) * inv;
        xhat[o + j] = h;
        y[o + j] = this.gamma[j]! * h + this.beta[j]!;
      }
    }
    return y;
  }

  backward(dy: Float, n: number): Float {
    const d = this.inSize;
    const xhat = this.xhat!;
    const dx = (this.dx = ensure(this.dx, this.dtype, n * d));
    for (let i = 0; i < n; i++) {
      const o = i * d;
      let sumG = 0;
      let sumGXhat = 0;
      for (let j = 0; j < d; j++) {
        const g = dy[o + j]! * this.gamma[j]!;
        sumG += g;
        sumGXhat += g * xhat[o + j]!;
        this.dgamma[j]! += dy[o + j]! * xhat[o + j]!;
        this.dbeta[j]! += dy[o + j]!;
      }
      const inv = this.invStd[i]!;
      for (let j = 0; j < d; j++) dx[o + j] = inv * (dy[o + j]! * this.gamma[j]! - sumG / d - xhat[o + j]! * (sumGXhat / d));
    }
    return dx;
  }
}
