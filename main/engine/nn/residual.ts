// A residual block y = act(x + F(x)) (He et al. 2016): F is a stack of layers ending at the
// width of x, so the block can fall back to the identity — the reason a deep residual net
// trains where the same plain net fails (LECTURE §1).
import type { Rng } from '../random';
import type { Binding, ForwardContext, InitScheme, Layer } from './layer';
import { ensure, type DType, type Float } from './tensor';

export class Residual implements Layer {
  readonly kind = 'residual';
  readonly paramSize: number;
  readonly stateSize: number;
  readonly outSize: number;
  private sum: Float | null = null;
  private dx: Float | null = null;

  constructor(
    readonly inner: Layer[],
    readonly inSize: number,
    /** The activation after the sum, if any. */
    readonly after: Layer | null,
    private readonly dtype: DType,
  ) {
    this.outSize = inSize;
    this.paramSize = inner.reduce((s, l) => s + l.paramSize, 0);
    this.stateSize = inner.reduce((s, l) => s + l.stateSize, 0);
  }

  bind(to: Binding, p: number, s: number): [number, number] {
    for (const layer of this.inner) [p, s] = layer.bind(to, p, s);
    return [p, s];
  }

  init(rng: Rng, scheme: InitScheme): void {
    for (const layer of this.inner) layer.init(rng, scheme);
  }

  forward(x: Float, n: number, ctx: ForwardContext): Float {
    let h = x;
    for (const layer of this.inner) h = layer.forward(h, n, ctx);
    const len = n * this.inSize;
    const sum = (this.sum = ensure(this.sum, this.dtype, len));
    for (let i = 0; i < len; i++) sum[i] = x[i]! + h[i]!;
    return this.after ? this.after.forward(sum, n, ctx) : sum;
  }

  backward(dy: Float, n: number): Float {
    const ds = this.after ? this.after.backward(dy, n) : dy;
    let dh = ds;
    for (let i = this.inner.length - 1; i >= 0; i--) dh = this.inner[i]!.backward(dh, n);
    const len = n * this.inSize;
    const dx = (this.dx = ensure(this.dx, this.dtype, len));
    for (let i = 0; i < len; i++) dx[i] = ds[i]! + dh[i]!;
    return dx;
  }

  describe(): Record<string, unknown> {
    return { type: 'residual', layers: this.inner.map((l) => l.describe()), activation: this.after ? (this.after.describe().activation as string) : 'linear' };
  }
}
