// Elementwise activations. GELU is the tanh approximation, PyTorch's approximate='tanh'
// (Hendrycks & Gimpel 2016): the fixtures are generated with that flag. Leaky ReLU uses
// PyTorch's default slope 0.01; ReLU's derivative at 0 is 0, as in PyTorch.
import type { Activation } from '../../../preload/experiment';
import { reluBackward, reluForward } from './kernels';
import { WidthPreserving, type ForwardContext, type Layer } from './layer';
import { ensure, type DType, type Float } from './tensor';

const LEAK = 0.01;
const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;

function sigmoid(x: number): number {
  // Never exponentiate a large positive number: exp(-x) overflows for x ≪ 0.
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export class ActivationLayer extends WidthPreserving implements Layer {
  readonly kind = 'activation';
  private x: Float | null = null;
  private y: Float | null = null;
  private dx: Float | null = null;

  constructor(
    readonly fn: Activation,
    inSize: number,
    private readonly dtype: DType,
  ) {
    super(inSize);
  }

  forward(x: Float, n: number, _ctx: ForwardContext): Float {
    const len = n * this.inSize;
    if (this.fn === 'linear') return (this.x = x);
    this.x = x;
    const y = (this.y = ensure(this.y, this.dtype, len));
    switch (this.fn) {
      case 'relu':
        reluForward(x, y, len);
        break;
      case 'leaky-relu':
        for (let i = 0; i < len; i++) y[i] = x[i]! > 0 ? x[i]! : LEAK * x[i]!;
        break;
      case 'tanh':
        for (let i = 0; i < len; i++) y[i] = Math.tanh(x[i]!);
        break;
      case 'sigmoid':
        for (let i = 0; i < len; i++) y[i] = sigmoid(x[i]!);
        break;
      case 'gelu':
        for (let i = 0; i < len; i++) {
          const v = x[i]!;
          y[i] = 0.5 * v * (1 + Math.tanh(GELU_C * (v + GELU_A * v * v * v)));
        }
        break;
    }
    return y;
  }

  backward(dy: Float, n: number): Float {
    if (this.fn === 'linear') return dy;
    const len = n * this.inSize;
    const x = this.x!;
    const y = this.y!;
    const dx = (this.dx = ensure(this.dx, this.dtype, len));
    switch (this.fn) {
      case 'relu':
        reluBackward(x, dy, dx, len);
        break;
      case 'leaky-relu':
        for (let i = 0; i < len; i++) dx[i] = x[i]! > 0 ? dy[i]! : LEAK * dy[i]!;
        break;
      case 'tanh':
        for (let i = 0; i < len; i++) dx[i] = dy[i]! * (1 - y[i]! * y[i]!);
        break;
      case 'sigmoid':
        for (let i = 0; i < len; i++) dx[i] = dy[i]! * y[i]! * (1 - y[i]!);
        break;
      case 'gelu':
        for (let i = 0; i < len; i++) {
          const v = x[i]!;
          const t = Math.tanh(GELU_C * (v + GELU_A * v * v * v));
          const du = GELU_C * (1 + 3 * GELU_A * v * v);
          dx[i] = dy[i]! * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * du);
        }
        break;
    }
    return dx;
  }

  describe(): Record<string, unknown> {
    return { type: 'activation', activation: this.fn };
  }
}
