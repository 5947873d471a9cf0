// Exact Hessian-vector products of a network's loss by forward-over-reverse differentiation
// (Pearlmutter 1994, "Fast exact multiplication by the Hessian"): every number of the forward and
// backward pass carries a tangent — its derivative along the parameter direction v — so the
// tangent of the parameter gradient is H·v, exact up to float64 rounding, at about three times
// the cost of one gradient. No step size, no cancellation: finite differences are only the tests'
// oracle.
//
// The pass reads the network's flat float64 parameter and state arrays with the layout the
// layers bind (dense: W out × in, then b; normalisation: γ, β; batch norm state: running mean,
// running variance) and evaluates in evaluation mode: dropout is the identity and batch norm uses
// its running statistics, because in training mode the loss is a random function of the weights
// (dropout masks) or couples the samples of a batch, and has no single Hessian to report.
import type { Activation, LossName } from '../../../preload/experiment';
import { ActivationLayer } from '../nn/activations';
import { Dense } from '../nn/dense';
import { Dropout } from '../nn/dropout';
import { ExperimentError } from '../nn/errors';
import type { Layer } from '../nn/layer';
import type { Network } from '../nn/network';
import { BatchNorm } from '../nn/normalization';
import { Residual } from '../nn/residual';

type F64 = Float64Array;

/** Parameters θ with direction v, and the outputs: gradient g and H·v (accumulated). */
interface Pass {
  theta: F64;
  v: F64;
  state: F64;
  grad: F64;
  hv: F64;
}

interface DualOp {
  forward(x: F64, xt: F64, n: number): [F64, F64];
  /** Gradient and its tangent w.r.t. the input; adds parameter gradient and H·v parts into the pass. */
  backward(g: F64, gt: F64, n: number): [F64, F64];
}

const LEAK = 0.01;
const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;

/** σ'(x) and σ''(x) of the activations in nn/activations.ts (GELU: the tanh approximation). */
function derivatives(fn: Activation, x: number): [number, number, number] {
  switch (fn) {
    case 'relu':
      return [x > 0 ? x : 0, x > 0 ? 1 : 0, 0];
    case 'leaky-relu':
      return [x > 0 ? x : LEAK * x, x > 0 ? 1 : LEAK, 0];
    case 'tanh': {
      const t = Math.tanh(x);
      const d = 1 - t * t;
      return [t, d, -2 * t * d];
    }
    case 'sigmoid': {
      const s = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
      const d = s * (1 - s);
      return [s, d, d * (1 - 2 * s)];
    }
    case 'gelu': {
      const u = GELU_C * (x + GELU_A * x * x * x);
      const du = GELU_C * (1 + 3 * GELU_A * x * x);
      const ddu = 6 * GELU_C * GELU_A * x;
      const t = Math.tanh(u);
      const sech2 = 1 - t * t;
      return [0.5 * x * (1 + t), 0.5 * (1 + t) + 0.5 * x * sech2 * du, sech2 * (du + 0.5 * x * (ddu - 2 * t * du * du))];
    }
    case 'linear':
      return [x, 1, 0];
  }
}

class DualDense implements DualOp {
  private x!: F64;
  private xt!: F64;
  constructor(
    private readonly pass: Pass,
    private readonly inSize: number,
    private readonly outSize: number,
    private readonly offset: number,
  ) {}

  forward(x: F64, xt: F64, n: number): [F64, F64] {
    this.x = x;
    this.xt = xt;
    const { theta, v } = this.pass;
    const I = this.inSize;
    const O = this.outSize;
    const b = this.offset + O * I;
    const y = new Float64Array(n * O);
    const yt = new Float64Array(n * O);
    for (let r = 0; r < n; r++)
      for (let o = 0; o < O; o++) {
        let s = theta[b + o]!;
        let st = v[b + o]!;
        const w = this.offset + o * I;
        for (let i = 0; i < I; i++) {
          const xi = x[r * I + i]!;
          s += xi * theta[w + i]!;
          st += xt[r * I + i]! * theta[w + i]! + xi * v[w + i]!;
        }
        y[r * O + o] = s;
        yt[r * O + o] = st;
      }
    return [y, yt];
  }

  backward(g: F64, gt: F64, n: number): [F64, F64] {
    const { theta, v, grad, hv } = this.pass;
    const I = this.inSize;
    const O = this.outSize;
    const b = this.offset + O * I;
    const x = this.x;
    const xt = this.xt;
    const dx = new Float64Array(n * I);
    const dxt = new Float64Array(n * I);
    for (let r = 0; r < n; r++)
      for (let o = 0; o < O; o++) {
        const go = g[r * O + o]!;
        const gto = gt[r * O + o]!;
        grad[b + o]! += go;
        hv[b + o]! += gto;
        const w = this.offset + o * I;
        for (let i = 0; i < I; i++) {
          const ri = r * I + i;
          grad[w + i]! += go * x[ri]!;
          hv[w + i]! += gto * x[ri]! + go * xt[ri]!;
          dx[ri]! += go * theta[w + i]!;
          dxt[ri]! += gto * theta[w + i]! + go * v[w + i]!;
        }
      }
    return [dx, dxt];
  }
}

class DualActivation implements DualOp {
  private d1!: F64;
  private d2!: F64;
  private xt!: F64;
  constructor(private readonly fn: Activation) {}

  forward(x: F64, xt: F64): [F64, F64] {
    const len = x.length;
    const y = new Float64Array(len);
    const yt = new Float64Array(len);
    this.d1 = new Float64Array(len);
    this.d2 = new Float64Array(len);
    this.xt = xt;
    for (let i = 0; i < len; i++) {
      const [f, d1, d2] = derivatives(this.fn, x[i]!);
      y[i] = f;
      this.d1[i] = d1;
      this.d2[i] = d2;
      yt[i] = d1 * xt[i]!;
    }
    return [y, yt];
  }

  backward(g: F64, gt: F64): [F64, F64] {
    const len = g.length;
    const dx = new Float64Array(len);
    const dxt = new Float64Array(len);
    for (let i = 0; i < len; i++) {
      dx[i] = g[i]! * this.d1[i]!;
      // d/dt [g·σ'(x)] = ġ·σ'(x) + g·σ''(x)·ẋ
      dxt[i] = gt[i]! * this.d1[i]! + g[i]! * this.d2[i]! * this.xt[i]!;
    }
    return [dx, dxt];
  }
}

const identity: DualOp = { forward: (x, xt) => [x, xt], backward: (g, gt) => [g, gt] };

/** Batch norm with running statistics: y = γ·(x − μ)/√(σ²+ε) + β, an affine map per feature. */
class DualBatchNorm implements DualOp {
  private xhat!: F64;
  private xt!: F64;
  constructor(
    private readonly pass: Pass,
    private readonly width: number,
    private readonly p: number,
    private readonly s: number,
    private readonly eps: number,
  ) {}

  private invStd(j: number): number {
    return 1 / Math.sqrt(this.pass.state[this.s + this.width + j]! + this.eps);
  }

  forward(x: F64, xt: F64, n: number): [F64, F64] {
    const { theta, v, state } = this.pass;
    const d = this.width;
    this.xt = xt;
    this.xhat = new Float64Array(n * d);
    const y = new Float64Array(n * d);
    const yt = new Float64Array(n * d);
    for (let j = 0; j < d; j++) {
      const inv = this.invStd(j);
      const gamma = theta[this.p + j]!;
      for (let r = 0; r < n; r++) {
        const i = r * d + j;
        const xh = (x[i]! - state[this.s + j]!) * inv;
        this.xhat[i] = xh;
        y[i] = gamma * xh + theta[this.p + d + j]!;
        yt[i] = v[this.p + j]! * xh + gamma * inv * xt[i]! + v[this.p + d + j]!;
      }
    }
    return [y, yt];
  }

  backward(g: F64, gt: F64, n: number): [F64, F64] {
    const { theta, v, grad, hv } = this.pass;
    const d = this.width;
    const dx = new Float64Array(n * d);
    const dxt = new Float64Array(n * d);
    for (let j = 0; j < d; j++) {
      const inv = this.invStd(j);
      const gamma = theta[this.p + j]!;
      for (let r = 0; r < n; r++) {
        const i = r * d + j;
        grad[this.p + j]! += g[i]! * this.xhat[i]!;
        hv[this.p + j]! += gt[i]! * this.xhat[i]! + g[i]! * inv * this.xt[i]!;
        grad[this.p + d + j]! += g[i]!;
        hv[this.p + d + j]! += gt[i]!;
        dx[i] = g[i]! * gamma * inv;
        dxt[i] = (gt[i]! * gamma + g[i]! * v[this.p + j]!) * inv;
      }
    }
    return [dx, dxt];
  }
}

class DualResidual implements DualOp {
  constructor(
    private readonly inner: DualOp[],
    private readonly after: DualOp | null,
  ) {}

  forward(x: F64, xt: F64, n: number): [F64, F64] {
    let h: [F64, F64] = [x, xt];
    for (const op of this.inner) h = op.forward(h[0], h[1], n);
    const s = Float64Array.from(h[0], (hi, i) => hi + x[i]!);
    const st = Float64Array.from(h[1], (hi, i) => hi + xt[i]!);
    return this.after ? this.after.forward(s, st, n) : [s, st];
  }

  backward(g: F64, gt: F64, n: number): [F64, F64] {
    const ds: [F64, F64] = this.after ? this.after.backward(g, gt, n) : [g, gt];
    let dh: [F64, F64] = [ds[0], ds[1]];
    for (let i = this.inner.length - 1; i >= 0; i--) dh = this.inner[i]!.backward(dh[0], dh[1], n);
    return [Float64Array.from(dh[0], (d, i) => d + ds[0][i]!), Float64Array.from(dh[1], (d, i) => d + ds[1][i]!)];
  }
}

/** Mirrors the network's layers as dual ops; refuses layers whose Hessian this pass cannot give. */
function compile(layers: Layer[], pass: Pass, offsets: { p: number; s: number }, where: string): DualOp[] {
  const ops: DualOp[] = [];
  layers.forEach((layer, i) => {
    if (layer instanceof Dense) {
      ops.push(new DualDense(pass, layer.inSize, layer.outSize, offsets.p));
    } else if (layer instanceof ActivationLayer) {
      ops.push(new DualActivation(layer.fn));
    } else if (layer instanceof Dropout) {
      ops.push(identity);
    } else if (layer instanceof BatchNorm) {
      ops.push(new DualBatchNorm(pass, layer.inSize, offsets.p, offsets.s, layer.eps));
    } else if (layer instanceof Residual) {
      const inner = compile(layer.inner, pass, offsets, `${where}.${i}.residual`);
      const after = layer.after instanceof ActivationLayer ? new DualActivation(layer.after.fn) : null;
      ops.push(new DualResidual(inner, after));
      return; // the inner layers advanced the offsets
    } else {
      throw new ExperimentError(`${where}.${i}`, `the Hessian of a network with a ${layer.kind} layer is not supported (dense, activations, dropout, batch norm and residual blocks are)`);
    }
    offsets.p += layer.paramSize;
    offsets.s += layer.stateSize;
  });
  return ops;
}

export type Targets = { kind: 'labels'; labels: Int32Array } | { kind: 'values'; values: ArrayLike<number> };

/**
 * Per-row loss summed over rows [0, n), with g = scale·∂L/∂z and gt = scale·(∂²L/∂z²)·ż — the
 * losses of nn/losses.ts (cross-entropy, softmax-MSE, BCE on one logit, MSE on values).
 */
function dualLoss(loss: LossName, z: F64, zt: F64, n: number, k: number, targets: Targets, scale: number, g: F64, gt: F64): number {
  let total = 0;
  if (targets.kind === 'values') {
    for (let i = 0; i < n * k; i++) {
      const r = z[i]! - Number(targets.values[i]);
      total += (r * r) / k;
      g[i] = ((2 * r) / k) * scale;
      gt[i] = ((2 * zt[i]!) / k) * scale;
    }
    return total;
  }
  const labels = targets.labels;
  if (loss === 'bce') {
    for (let i = 0; i < n; i++) {
      const v = z[i]!;
      const s = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
      total += Math.max(v, 0) - v * labels[i]! + Math.log1p(Math.exp(-Math.abs(v)));
      g[i] = (s - labels[i]!) * scale;
      gt[i] = s * (1 - s) * zt[i]! * scale;
    }
    return total;
  }
  const p = new Float64Array(k);
  const pt = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, z[o + j]!);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += p[j] = Math.exp(z[o + j]! - max);
    let pz = 0;
    for (let j = 0; j < k; j++) {
      p[j]! /= sum;
      pz += p[j]! * zt[o + j]!;
    }
    // ṗ = p ⊙ (ż − p·ż): the softmax Jacobian applied to ż.
    for (let j = 0; j < k; j++) pt[j] = p[j]! * (zt[o + j]! - pz);
    const y = labels[i]!;
    if (loss === 'cross-entropy') {
      total += max + Math.log(sum) - z[o + y]!;
      for (let j = 0; j < k; j++) {
        g[o + j] = (p[j]! - (j === y ? 1 : 0)) * scale;
        gt[o + j] = pt[j]! * scale;
      }
    } else {
      // L = Σ (p_j − y_j)²/k; ∂L/∂z_j = (2/k)·p_j·(r_j − p·r), r = p − y.
      let pr = 0;
      let prt = 0;
      for (let j = 0; j < k; j++) {
        const r = p[j]! - (j === y ? 1 : 0);
        total += (r * r) / k;
        pr += p[j]! * r;
        prt += pt[j]! * r + p[j]! * pt[j]!;
      }
      const c = (2 / k) * scale;
      for (let j = 0; j < k; j++) {
        const r = p[j]! - (j === y ? 1 : 0);
        g[o + j] = c * p[j]! * (r - pr);
        gt[o + j] = c * (pt[j]! * (r - pr) + p[j]! * (pt[j]! - prt));
      }
    }
  }
  return total;
}

export interface ObjectiveData {
  /** Rows × features, already preprocessed as in training. */
  x: ArrayLike<number>;
  rows: number;
  targets: Targets;
  loss: LossName;
  /** λ of the L2 term λ/2·‖W‖² on dense weights (what the run minimised). */
  l2: number;
}

export interface Evaluation {
  loss: number;
  gradient: Float64Array;
  /** H·v (zeros when v was not given). */
  hv: Float64Array;
}

/** Rows per pass: bounds the memory of the stored activations, whatever the data size. */
const ROWS = 256;

/**
 * The training objective L(θ) = mean per-sample loss + λ/2·‖W‖² of a float64 network at its
 * current parameters, with exact gradient and Hessian-vector products.
 */
export class TrainingObjective {
  readonly size: number;
  private readonly pass: Pass;
  private readonly ops: DualOp[];
  private readonly features: number;

  constructor(
    readonly network: Network,
    readonly data: ObjectiveData,
  ) {
    if (network.dtype !== 'float64') throw new ExperimentError('network', 'the Hessian is computed in float64: build the network with dtype "float64"');
    if (data.rows < 1) throw new ExperimentError('data', 'no training samples to evaluate the loss on');
    this.size = network.paramSize;
    this.features = network.inSize;
    const zero = new Float64Array(this.size);
    this.pass = { theta: network.params as F64, v: zero, state: network.state as F64, grad: zero, hv: zero };
    this.ops = compile(network.layers, this.pass, { p: 0, s: 0 }, 'model');
  }

  /** Loss, gradient and (when v is given) H·v in one forward-over-reverse pass over the data. */
  evaluate(v: ArrayLike<number> | null = null): Evaluation {
    const n = this.size;
    const pass = this.pass;
    pass.v = v ? Float64Array.from(v) : new Float64Array(n);
    if (pass.v.length !== n) throw new ExperimentError('v', `direction has ${pass.v.length} entries, the network ${n} parameters`);
    pass.grad = new Float64Array(n);
    pass.hv = new Float64Array(n);
    const { rows, targets, loss, l2 } = this.data;
    const d = this.features;
    const k = this.network.outSize;
    let total = 0;
    for (let start = 0; start < rows; start += ROWS) {
      const m = Math.min(ROWS, rows - start);
      let h: [F64, F64] = [Float64Array.from({ length: m * d }, (_, i) => Number(this.data.x[start * d + i])), new Float64Array(m * d)];
      for (const op of this.ops) h = op.forward(h[0], h[1], m);
      const chunkTargets: Targets =
        targets.kind === 'labels'
          ? { kind: 'labels', labels: targets.labels.subarray(start, start + m) }
          : { kind: 'values', values: Array.prototype.slice.call(targets.values, start * k, (start + m) * k) as number[] };
      const g = new Float64Array(m * k);
      const gt = new Float64Array(m * k);
      total += dualLoss(loss, h[0], h[1], m, k, chunkTargets, 1 / rows, g, gt);
      let back: [F64, F64] = [g, gt];
      for (let i = this.ops.length - 1; i >= 0; i--) back = this.ops[i]!.backward(back[0], back[1], m);
    }
    let value = total / rows;
    if (l2 > 0) {
      for (const [a, b] of this.network.weightRanges)
        for (let i = a; i < b; i++) {
          value += (l2 / 2) * pass.theta[i]! * pass.theta[i]!;
          pass.grad[i]! += l2 * pass.theta[i]!;
          pass.hv[i]! += l2 * pass.v[i]!;
        }
    }
    return { loss: value, gradient: pass.grad, hv: pass.hv };
  }

  hvp(v: ArrayLike<number>): Float64Array {
    return this.evaluate(v).hv;
  }
}
