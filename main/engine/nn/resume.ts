// A network run's training state at an epoch's end: everything the next epoch depends on, so a
// run interrupted after it continues exactly as if it had never stopped. Both loops (the
// in-process Trainer and the pool's Leader) write the same TrainState and start from one.
//
// What is NOT in it, because it is a function of (seed, epoch, sample, update): the epoch's sample
// order (Trainer.epochOrder: a permutation per (seed, epoch), over the curriculum's prefix for that
// epoch), augmentation and dropout masks (per (seed, epoch, sample)), and the learning rate (every
// schedule is a pure function of the update index). Batch-norm running statistics are the
// network's state vector, saved with the weights.
import type { Weights } from './trainer';
import type { EpochMetrics } from './trainer';
import { decodeState, encodeState } from '../optim/snapshot';

export interface EarlyStoppingState {
  /** The best validation loss so far, its 1-based epoch and its weights. */
  bestLoss: number;
  bestEpoch: number;
  best: Weights;
  /** Epochs since the best one (the patience counter). */
  sinceBest: number;
}

export interface TrainState {
  /** Epochs completed: the next epoch's 0-based index. */
  epoch: number;
  /** Updates applied: the schedule's next t. */
  step: number;
  /** Parameters and network state (batch-norm running statistics) after `step` updates. */
  weights: Weights;
  /** The optimizer's state as the in-process loop holds it (optim/snapshot.ts). */
  optimizer: unknown;
  earlyStopping: EarlyStoppingState | null;
  /** Training time and samples so far (samples per second at the end). */
  trainingMs: number;
  samplesSeen: number;
}

/** What a resumed run starts from: the state and what the run measured before it (its stored series). */
export interface TrainStart {
  state: TrainState;
  history: { epochs: EpochMetrics[]; steps: { loss: number[]; gradNorm: number[]; lr: number[] } };
}

const VERSION = 1;

export function encodeTrainState(state: TrainState): Uint8Array {
  return encodeState({ version: VERSION, ...state });
}

export function decodeTrainState(bytes: Uint8Array): TrainState {
  const v = decodeState(bytes) as TrainState & { version?: number };
  if (v.version !== VERSION) throw new Error(`a training state of version ${String(v.version)}, this version reads ${VERSION}`);
  const { version: _version, ...state } = v;
  return state;
}
