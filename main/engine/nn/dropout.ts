// Inverted dropout (Srivastava et al. 2014): in training each unit is zeroed with probability p
// and the survivors scaled by 1/(1−p), so evaluation is the identity. The mask of a sample is
// drawn from (seed, epoch, sample index, layer), never from a shared stream, so it does not
// depend on batch order or on which thread computes the sample.
import { WidthPreserving, type ForwardContext, type Layer } from './layer';
import { rngFor, Stream } from './seeds';
import { ensure, type DType, type Float } from './tensor';

export class Dropout extends WidthPreserving implements Layer {
  readonly kind = 'dropout';
  private mask: Float | null = null;
  private y: Float | null = null;
  private dx: Float | null = null;
  private active = false;

  constructor(
    readonly p: number,
    inSize: number,
    /** Distinguishes this layer's masks from other dropout layers'. */
    readonly layerId: number,
    private readonly dtype: DType,
  ) {
    super(inSize);
  }

  forward(x: Float, n: number, ctx: ForwardContext): Float {
    this.active = ctx.train && this.p > 0;
    if (!this.active) return x;
    const d = this.inSize;
    const mask = (this.mask = ensure(this.mask, this.dtype, n * d));
    const y = (this.y = ensure(this.y, this.dtype, n * d));
    const keep = 1 / (1 - this.p);
    for (let i = 0; i < n; i++) {
      const sample = ctx.sampleIds ? ctx.sampleIds[i]! : i;
      const rng = rngFor(ctx.seed, Stream.dropout, ctx.epoch, sample, this.layerId);
      for (let j = 0; j < d; j++) {
        const m = rng.next() < this.p ? 0 : keep;
        mask[i * d + j] = m;
        y[i * d + j] = x[i * d + j]! * m;
      }
    }
    return y;
  }

  backward(dy: Float, n: number): Float {
    if (!this.active) return dy;
    const len = n * this.inSize;
    const dx = (this.dx = ensure(this.dx, this.dtype, len));
    const mask = this.mask!;
    for (let i = 0; i < len; i++) dx[i] = dy[i]! * mask[i]!;
    return dx;
  }

  describe(): Record<string, unknown> {
    return { type: 'dropout', p: this.p };
  }
}
