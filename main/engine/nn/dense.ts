// Fully connected layer y = x·Wᵀ + b, W stored out × in as PyTorch does. Float32 networks run the
// native or WebAssembly SIMD kernels (wasm-kernels.ts) where they load; float64 (gradient checks, Hessians)
// and the fallback run the TypeScript twins (kernels.ts).
import { GRAD_ADD, GRAD_FRESH, GRAD_SUM, type GradientMode } from '../../../native/addon';
import type { Rng } from '../random';
import { denseBackward, denseForward } from './kernels';
import type { Binding, ForwardContext, InitScheme, Layer } from './layer';
import { allocate, ensure, type DType, type Float } from './tensor';
import { denseKernels } from './wasm-kernels';

export class Dense implements Layer {
  readonly kind = 'dense';
  readonly paramSize: number;
  readonly stateSize = 0;
  w!: Float;
  b!: Float;
  private dw!: Float;
  private db!: Float;
  private x: Float | null = null;
  private y: Float | null = null;
  private dx: Float | null = null;
  /** The first layer never needs dx: skipping it saves a third of its backward work. */
  needsInputGradient = true;
  /** What the next backward does with dW and db (add, overwrite, add this chunk's own sums); set by Network.backward. */
  gradientMode: GradientMode = GRAD_ADD;
  /** The twin's chunk sums for GRAD_SUM (allocated on first use). */
  private sum: { dw: Float; db: Float } | null = null;

  constructor(
    readonly inSize: number,
    readonly outSize: number,
    private readonly dtype: DType,
  ) {
    this.paramSize = outSize * inSize + outSize;
  }

  bind(to: Binding, p: number, s: number): [number, number] {
    const wEnd = p + this.outSize * this.inSize;
    this.w = to.params.subarray(p, wEnd);
    this.b = to.params.subarray(wEnd, wEnd + this.outSize);
    this.dw = to.grads.subarray(p, wEnd);
    this.db = to.grads.subarray(wEnd, wEnd + this.outSize);
    return [p + this.paramSize, s];
  }

  /** He: N(0, 2/fan_in) (Kaiming normal, for ReLU); Xavier: U(±√(6/(fan_in+fan_out))) (Glorot). Biases 0. */
  init(rng: Rng, scheme: InitScheme): void {
    if (scheme === 'he') {
      const std = Math.sqrt(2 / this.inSize);
      for (let i = 0; i < this.w.length; i++) this.w[i] = std * rng.normal();
    } else {
      const bound = Math.sqrt(6 / (this.inSize + this.outSize));
      for (let i = 0; i < this.w.length; i++) this.w[i] = bound * (2 * rng.next() - 1);
    }
    this.b.fill(0);
  }

  forward(x: Float, n: number, _ctx: ForwardContext): Float {
    this.x = x;
    this.y = ensure(this.y, this.dtype, n * this.outSize);
    const wasm = this.dtype === 'float32' ? denseKernels() : null;
    if (!wasm?.forward(x as Float32Array, n, this.inSize, this.w as Float32Array, this.b as Float32Array, this.outSize, this.y as Float32Array))
      denseForward(x, n, this.inSize, this.w, this.b, this.outSize, this.y);
    return this.y;
  }

  backward(dy: Float, n: number): Float {
    if (this.needsInputGradient) this.dx = ensure(this.dx, this.dtype, n * this.inSize);
    const dx = this.needsInputGradient ? this.dx : null;
    const wasm = this.dtype === 'float32' ? denseKernels() : null;
    const mode = this.gradientMode;
    const done = wasm?.backward(dy as Float32Array, this.x! as Float32Array, n, this.inSize, this.w as Float32Array, this.outSize,
      this.dw as Float32Array, this.db as Float32Array, dx as Float32Array | null, mode);
    if (!done) {
      if (mode === GRAD_FRESH) {
        this.dw.fill(0);
        this.db.fill(0);
      }
      if (mode !== GRAD_SUM) denseBackward(dy, this.x!, n, this.inSize, this.w, this.outSize, this.dw, this.db, dx);
      else {
        const s = (this.sum ??= { dw: allocate(this.dtype, this.dw.length), db: allocate(this.dtype, this.db.length) });
        s.dw.fill(0);
        s.db.fill(0);
        denseBackward(dy, this.x!, n, this.inSize, this.w, this.outSize, s.dw, s.db, dx);
        for (let i = 0; i < s.dw.length; i++) this.dw[i] = this.dw[i]! + s.dw[i]!;
        for (let j = 0; j < s.db.length; j++) this.db[j] = this.db[j]! + s.db[j]!;
      }
    }
    return this.dx ?? dy; // unused by the caller when needsInputGradient is false
  }

  describe(): Record<string, unknown> {
    const weight: number[][] = [];
    for (let j = 0; j < this.outSize; j++) weight.push(Array.from(this.w.subarray(j * this.inSize, (j + 1) * this.inSize)));
    return { type: 'dense', in: this.inSize, out: this.outSize, weight, bias: Array.from(this.b) };
  }
}
