// What every layer implements. A layer owns its output and input-gradient buffers (grown once,
// reused every step), keeps a reference to its input for the backward pass, and reads its
// parameters and writes its gradients through views into the network's flat arrays — so the
// optimizer sees one vector, and a worker thread can bind the same layers to shared memory.
import type { Rng } from '../random';
import type { Float } from './tensor';

export interface ForwardContext {
  /** Training mode: dropout active, batch norm uses (and updates) batch statistics. */
  train: boolean;
  seed: number;
  epoch: number;
  /** Data-set index of each row of this chunk; dropout masks are drawn per sample. Null: row index. */
  sampleIds: Int32Array | null;
}

export type InitScheme = 'he' | 'xavier';

/** Where a layer's numbers live: trainable `params`/`grads`, and non-trainable `state` (running statistics). */
export interface Binding {
  params: Float;
  grads: Float;
  state: Float;
}

export interface Layer {
  readonly kind: string;
  readonly inSize: number;
  readonly outSize: number;
  readonly paramSize: number;
  readonly stateSize: number;
  /** Takes views at the offsets; returns the offsets after this layer. */
  bind(to: Binding, paramOffset: number, stateOffset: number): [number, number];
  init(rng: Rng, scheme: InitScheme): void;
  forward(x: Float, n: number, ctx: ForwardContext): Float;
  /** Input gradient for `dy` of the last forward; adds parameter gradients into the bound grads. */
  backward(dy: Float, n: number): Float;
  /** A plain description (weights out × in) for export and for the UI. */
  describe(): Record<string, unknown>;
}

/** Base of layers without parameters or state that keep the width (activations, dropout). */
export abstract class WidthPreserving {
  readonly paramSize = 0;
  readonly stateSize = 0;
  readonly outSize: number;
  constructor(readonly inSize: number) {
    this.outSize = inSize;
  }
  bind(_to: Binding, p: number, s: number): [number, number] {
    return [p, s];
  }
  init(): void {}
}
