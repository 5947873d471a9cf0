// A network: a list of layers bound to three flat arrays — params (what the optimizer updates),
// grads (this network's gradient buffer) and state (batch-norm running statistics). Several
// networks can bind the same params (one per worker thread, issue 5) with their own grads.
import type { LayerSpec, PlainLayerSpec } from '../../../preload/experiment';
import { ActivationLayer } from './activations';
import { Dense } from './dense';
import { Dropout } from './dropout';
import { ExperimentError } from './errors';
import type { Binding, ForwardContext, InitScheme, Layer } from './layer';
import { BatchNorm, LayerNorm } from './normalization';
import { Residual } from './residual';
import { rngFor, Stream } from './seeds';
import { allocate, type DType, type Float } from './tensor';
import { GRAD_ADD, GRAD_SUM, type GradientMode } from '../../../native/addon';

export class Network {
  readonly paramSize: number;
  readonly stateSize: number;
  readonly params: Float;
  readonly grads: Float;
  readonly state: Float;
  /** [start, end) of every dense weight matrix in `params`: what L2 regularisation penalises. */
  readonly weightRanges: [number, number][] = [];

  constructor(
    readonly layers: Layer[],
    readonly inSize: number,
    readonly outSize: number,
    readonly dtype: DType,
    binding: Partial<Binding> = {},
  ) {
    this.paramSize = layers.reduce((s, l) => s + l.paramSize, 0);
    this.stateSize = layers.reduce((s, l) => s + l.stateSize, 0);
    this.params = binding.params ?? allocate(dtype, this.paramSize);
    this.grads = binding.grads ?? allocate(dtype, this.paramSize);
    this.state = binding.state ?? allocate(dtype, this.stateSize);
    let p = 0;
    const visit = (layer: Layer) => {
      if (layer instanceof Dense) {
        this.weightRanges.push([p, p + layer.inSize * layer.outSize]);
        this.dense.push(layer);
      } else if (!(layer instanceof Residual) && layer.paramSize > 0) this.zeroRanges.push([p, p + layer.paramSize]);
      if (layer instanceof Residual) for (const l of layer.inner) visit(l);
      else this.bindable.push(layer);
      p += layer instanceof Residual ? 0 : layer.paramSize;
    };
    for (const layer of layers) visit(layer);
    this.gradTarget = this.grads;
    this.bindAll(this.grads);
    if (layers[0] instanceof Dense) layers[0].needsInputGradient = false;
  }

  /** Layers that take views (residual blocks' inner layers in their place), in parameter order. */
  private readonly bindable: Layer[] = [];
  private readonly dense: Dense[] = [];
  /** [start, end) of the parameters of layers other than dense ones (normalisation's γ, β). */
  private readonly zeroRanges: [number, number][] = [];
  private gradTarget: Float;
  /** GRAD_SUM's copy of the non-dense layers' gradients (allocated on first use). */
  private savedRanges: Float | null = null;

  private bindAll(grads: Float): void {
    let p = 0;
    let s = 0;
    const to = { params: this.params, grads, state: this.state };
    for (const layer of this.bindable) [p, s] = layer.bind(to, p, s);
  }

  /**
   * Where the next backward writes the parameter gradients: `into` (paramSize long: a pool slot, a
   * trainer's running sum) or, for null, the network's own `grads`. Views only; nothing is copied.
   */
  gradientsInto(into: Float | null): void {
    const g = into ?? this.grads;
    if (g === this.gradTarget) return;
    if (g.length < this.paramSize) throw new RangeError(`gradient target holds ${g.length} values, the network has ${this.paramSize} parameters`);
    this.bindAll(g);
    this.gradTarget = g;
  }

  /** Seeded initialisation: the same seed gives the same weights. */
  init(seed: number, scheme: InitScheme): void {
    const rng = rngFor(seed, Stream.init);
    for (const layer of this.layers) layer.init(rng, scheme);
  }

  forward(x: Float, n: number, ctx: ForwardContext): Float {
    let h = x;
    for (const layer of this.layers) h = layer.forward(h, n, ctx);
    return h;
  }

  /**
   * d(loss)/d(params) for the last forward, into the gradient target (`grads`, or what
   * gradientsInto named). `mode` GRAD_ADD: added to what it holds, continuing its sums; GRAD_FRESH:
   * overwriting it (the bits of zeroing it first and adding); GRAD_SUM: this chunk's gradient,
   * computed from zero, added to it (target = target + chunk, one add per parameter).
   */
  backward(dOut: Float, n: number, mode: GradientMode = GRAD_ADD): void {
    const g = this.gradTarget;
    let saved: Float | null = null;
    if (mode === GRAD_SUM && this.zeroRanges.length) {
      saved = (this.savedRanges ??= allocate(this.dtype, this.zeroRanges.reduce((s, [a, b]) => s + b - a, 0)));
      let at = 0;
      for (const [a, b] of this.zeroRanges) {
        saved.set(g.subarray(a, b), at);
        at += b - a;
      }
    }
    if (mode !== GRAD_ADD) for (const [a, b] of this.zeroRanges) g.fill(0, a, b);
    for (const d of this.dense) d.gradientMode = mode;
    try {
      let d = dOut;
      for (let i = this.layers.length - 1; i >= 0; i--) d = this.layers[i]!.backward(d, n);
    } finally {
      for (const d of this.dense) d.gradientMode = GRAD_ADD;
    }
    if (saved) {
      let at = 0;
      for (const [a, b] of this.zeroRanges) for (let i = a; i < b; i++) g[i] = saved[at++]! + g[i]!;
    }
  }

  /** ½‖w‖² over dense weights (biases and normalisation parameters are not penalised). */
  halfSquaredWeights(): number {
    let s = 0;
    for (const [a, b] of this.weightRanges) for (let i = a; i < b; i++) s += this.params[i]! * this.params[i]!;
    return s / 2;
  }

  /** grads += λ·w on dense weights: the gradient of λ/2·‖w‖². */
  addL2Gradient(grads: Float, lambda: number): void {
    for (const [a, b] of this.weightRanges) for (let i = a; i < b; i++) grads[i]! += lambda * this.params[i]!;
  }

  /** Layers as plain data; a dense layer followed by an activation becomes one entry (issue 7's export shape). */
  describe(): Record<string, unknown>[] {
    return mergeActivations(this.layers);
  }
}

function mergeActivations(layers: Layer[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i]!;
    const next = layers[i + 1];
    if (layer instanceof Dense) {
      const { weight, bias } = layer.describe();
      const activation = next instanceof ActivationLayer ? next.fn : 'linear';
      if (next instanceof ActivationLayer) i++;
      out.push({ type: 'dense', weight, bias, activation });
    } else if (layer instanceof Residual) {
      out.push({ type: 'residual', layers: mergeActivations(layer.inner), activation: layer.after instanceof ActivationLayer ? layer.after.fn : 'linear' });
    } else out.push(layer.describe());
  }
  return out;
}

/**
 * Builds layers from the experiment's model list for `inSize` inputs and `outSize` outputs.
 * The last top-level dense layer is the output layer: its width must be `outSize` or "output".
 */
export function buildNetwork(model: LayerSpec[], inSize: number, outSize: number, dtype: DType = 'float32', binding: Partial<Binding> = {}): Network {
  const lastDense = model.findLastIndex((l) => 'dense' in l);
  if (lastDense < 0) throw new ExperimentError('model', `needs a dense output layer with ${outSize} unit${outSize === 1 ? '' : 's'}`);
  let nextId = 0;
  const build = (spec: PlainLayerSpec, width: number, field: string, isOutput: boolean): Layer[] => {
    const id = nextId++;
    if ('dense' in spec) {
      if (spec.dense === 'output' && !isOutput) throw new ExperimentError(`${field}.dense`, '"output" is only allowed on the last dense layer');
      const units = spec.dense === 'output' ? outSize : spec.dense;
      if (isOutput && units !== outSize)
        throw new ExperimentError(`${field}.dense`, `the last dense layer is the output and must have ${outSize} unit${outSize === 1 ? '' : 's'} for this data and loss (write ${outSize} or "output")`);
      const dense = new Dense(width, units, dtype);
      return spec.activation === 'linear' ? [dense] : [dense, new ActivationLayer(spec.activation, units, dtype)];
    }
    if ('dropout' in spec) return [new Dropout(spec.dropout, width, id, dtype)];
    if ('batchnorm' in spec) return [new BatchNorm(width, spec.batchnorm.momentum, spec.batchnorm.eps, dtype)];
    if ('layernorm' in spec) return [new LayerNorm(width, spec.layernorm.eps, dtype)];
    return [new ActivationLayer(spec.activation, width, dtype)];
  };
  const layers: Layer[] = [];
  let width = inSize;
  model.forEach((spec, i) => {
    const field = `model.${i}`;
    if ('residual' in spec) {
      const inner: Layer[] = [];
      let w = width;
      spec.residual.forEach((s, j) => {
        for (const layer of build(s, w, `${field}.residual.${j}`, false)) {
          inner.push(layer);
          w = layer.outSize;
        }
      });
      if (w !== width) throw new ExperimentError(`${field}.residual`, `the block must end at the width of its input (${width}), not ${w}, so that x + F(x) is defined`);
      const after = spec.activation === 'linear' ? null : new ActivationLayer(spec.activation, width, dtype);
      layers.push(new Residual(inner, width, after, dtype));
      return;
    }
    for (const layer of build(spec, width, field, i === lastDense)) {
      layers.push(layer);
      width = layer.outSize;
    }
  });
  return new Network(layers, inSize, outSize, dtype, binding);
}
