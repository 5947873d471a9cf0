// Data-parallel training, one call per rank (the pool's 'train' task). Per update:
//   (1) publication — rank 0 has published the batch [start, end) and the chunk count; the other
//       ranks wait for it, rank 0 does not wait for them (a rank the OS has descheduled joins the
//       claims below when it runs again: the others take its share meanwhile)
//   every rank claims chunks (fixed size, any rank may take any chunk) and writes the chunk's
//       gradient sum and loss sum into that chunk's own slot
//   (2) count — all chunk slots are written (a rank out of groups to claim meanwhile reduces blocks
//       early over the groups already done: the network model's float32 sums)
//   the ranks claim blocks of parameters and reduce them, adding the chunk slots in chunk order
//   (3) count — the mean gradient is complete
//   every rank applies the optimizer to its own slice (sharded.ts; where the optimizer allows it);
//   rank 0 waits until every slice is done (a tally, not a barrier: the others go on to (1))
//   rank 0 applies the optimizer (unsharded runs), records metrics, reads the control word,
//   publishes the next batch.
// At an epoch's end rank 0 publishes the evaluation instead (the training pass, validation: models
// with evalChunk), in rounds of at most as many chunks as the loss slots hold: after publication (1)
// every rank claims chunks and writes each one's loss sum and correct count into its slot; rank 0
// adds the slots in chunk order (the serial evaluation's sums, bit for bit), then goes on.
// The reduction and the per-parameter passes run on the native kernels where the addon loads
// (native/src: in place on the shared buffers, the same arithmetic in the same order).
// Which rank computed a chunk never changes a bit of the result: each chunk is a pure function
// of (params, its samples), and every parameter's sum runs over chunks 0, 1, 2, … in order —
// so 1, 2, 3 … threads give identical numbers.
import { openSync, readSync } from 'node:fs';
import type { OptimizerSpec, ScheduleSpec } from '../../../preload/spec';
import { baseLearningRate, createOptimizer } from '../optim';
import { createRng } from '../random';
import { createSchedule } from '../schedules';
import { nativeAddon } from '../../../native/addon';
import { Barrier, GANG_FREE, GANG_WORDS, Tally } from './barrier';
import type { EvalTotals, ModelFactory, ModelSource, ParallelModel } from './model';
import { MODELS } from './models';
import { blockSumOfSquares, chunkGroupSize, NORM_BLOCK, sumOfSquares } from '../nn/kernels';
import { allFinite, shardable, ShardedUpdate } from './sharded';
import { restoreState, snapshotState } from '../optim/snapshot';
import { bytesPer, Command, CTRL_CMD, CTRL_EPOCH, CTRL_STATE, CTRL_UPDATE, floatView, TrainerState, type FloatArray, type TrainBuffers } from './shared';

export interface TrainPayload {
  model: ModelSource;
  buffers: TrainBuffers;
  optimizer: OptimizerSpec;
  schedule: ScheduleSpec;
  seed: number;
  batchSize: number;
  epochs: number;
  shuffle: boolean;
  /** Rank 0 writes the model's initial parameters; false when params already hold weights (fine-tuning). */
  initParams: boolean;
  /** Rank 0 posts metrics at most this often (ms). */
  reportMs: number;
  /** Fault injection for the tests of the fault path: rank `rank` (default the last) fails at `atUpdate`. */
  fault?: { atUpdate: number; kind: 'throw' | 'exit'; rank?: number };
  /** Tests of the early reduction: the rank that claims a batch's last chunk group sleeps this long (ms) before summing it. */
  stall?: number;
  /** Tests of publication (1): every rank but 0 sleeps this long (ms) before it waits for each publication. */
  late?: number;
  /** Rank 0 posts a 'checkpoint' (the whole training state) at each epoch's end but the last. */
  checkpoints?: boolean;
  /** Continue from a checkpoint: epochs and updates done, the optimizer's whole state, the model's (ParallelModel.restore). */
  resume?: { epoch: number; update: number; optimizer: unknown; model: unknown };
  /** Sharded updates keep the optimizer's vectors here (sharded.ts), where rank 0 can read them all. */
  optimizerState?: SharedArrayBuffer;
}

export type TrainOutcome = 'completed' | 'stopped' | 'cancelled' | 'diverged';

export interface TrainResult {
  outcome: TrainOutcome;
  /** Updates applied. */
  updates: number;
  /** Epochs completed. */
  epochs: number;
  totalUpdates: number;
  lastLoss: number | null;
  /** Wall time inside the workers, pauses excluded. */
  ms: number;
  /** For 'diverged': the update whose loss or parameters were not finite. */
  divergedAt?: number;
  /** Reduction blocks summed early (a partial sum over the groups done, while others still summed theirs), all ranks, the whole job. */
  earlyBlocks?: number;
  /** Chunk groups rank 0 summed itself, the whole job (the others took the rest). */
  rank0Groups?: number;
}

export type SeriesBatch = Record<string, { steps: number[]; values: number[] }>;

export type TrainMessage =
  | { type: 'metrics'; epoch: number; update: number; total: number; series: SeriesBatch }
  | { type: 'state'; state: 'paused' | 'running' }
  /** After epoch `epoch` (epochs done) and `update` updates; `ms` of training in this job so far. */
  | { type: 'checkpoint'; epoch: number; update: number; ms: number; optimizer: unknown; model: unknown };

export interface RankContext {
  rank: number;
  ranks: number;
  gang: Int32Array;
  post(message: TrainMessage): void;
}

// Task words in the gang buffer, written by rank 0 before publication (1).
const PHASE = GANG_FREE;
const BATCH_START = GANG_FREE + 1;
const BATCH_END = GANG_FREE + 2;
const CHUNKS = GANG_FREE + 3;
const NEXT_CHUNK = GANG_FREE + 4;
const EPOCH = GANG_FREE + 5;
const UPDATE = GANG_FREE + 6;
/** Set by any rank whose slice is not finite after a sharded update; cleared by rank 0 with each batch. */
const SLICE_BAD = GANG_FREE + 7;
/** Ranks other than 0 that have finished their slice of a sharded update; cleared by rank 0 with each batch. */
const SLICES_DONE = GANG_FREE + 8;
/** Chunk groups summed into their slots, the next reduction block to claim, and blocks reduced; cleared by rank 0 with each batch. */
const GROUPS_DONE = GANG_FREE + 9;
const NEXT_BLOCK = GANG_FREE + 10;
const BLOCKS_DONE = GANG_FREE + 11;
/** Bit g: chunk group g is summed into its slot (the early reduction's view; at most eight groups). */
const GROUPS_MASK = GANG_FREE + 12;
/** Per reduction block (the first EARLY_BLOCKS): the slots its early partial sum holds (0: none, −1: being completed). */
const DEPTH = GANG_FREE + 14;
/** Early partial sums so far in this job (TrainResult.earlyBlocks); never reset. */
const EARLY_TOTAL = GANG_FREE + 13;
/**
 * Publications so far (1), the first (begin()'s, met at a barrier) not counted: rank 0 adds one
 * after writing each batch, evaluation round or exit. It publishes again only once every other
 * rank has told it (SLICES_DONE) that it is done with the last one, so a rank waiting for
 * publication n reads the words of exactly that one.
 */
const PUBLISHED = GANG_WORDS - 1;
const EARLY_BLOCKS = PUBLISHED - DEPTH;
const RUN = 0;
const EXIT = 1;
/** PHASE: an evaluation round, chunks [BATCH_START, BATCH_END) of the epoch end's evaluation, claimed with NEXT_CHUNK. */
const EVAL = 2;
/**
 * Parameters per reduction block. Any rank reduces any block (the same sums in the same order
 * wherever they run), so a rank the OS has descheduled holds up no one in the chunk and reduction
 * phases: the others take its share; only the sliced optimizer update needs every rank. The rank
 * that completes a block also takes the block's share of the gradient norm (the norm's own blocks).
 */
const REDUCE_BLOCK = NORM_BLOCK;
/**
 * An evaluation pass smaller than this (rows × parameters, about the multiply-adds of its forward
 * pass; 2²⁵ is 1–2 ms of one thread here) runs on rank 0 alone: waking the other ranks for it
 * (0.1–0.5 ms a round on a VM, more on a loaded machine) costs more than they save — measured on
 * the 8×8 digits' 64-64 MLP (10⁷), 0.6–0.9 ms on one rank, 0.9–1.6 ms on two. The same chunks and
 * sums either way. DESCENT_LAB_EVAL_SPLIT_MIN overrides it (0: always split; the tests).
 */
const EVAL_SPLIT_MIN = evalSplitMin(process.env.DESCENT_LAB_EVAL_SPLIT_MIN);

function evalSplitMin(value: string | undefined): number {
  const n = value === undefined || value === '' ? NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : 2 ** 25;
}

export function modelFactory(source: ModelSource): ModelFactory {
  const factory = MODELS[source.kind];
  if (!factory) throw new Error(`unknown model kind "${source.kind}"; known: ${Object.keys(MODELS).join(', ')}`);
  return factory;
}

export function trainRank(p: TrainPayload, ctx: RankContext): TrainResult | null {
  const model = modelFactory(p.model).create(p.model.options, p.model.data);
  const b = p.buffers;
  const P = model.paramCount;
  if (P !== b.paramCount) throw new RangeError(`model has ${P} parameters but the buffers hold ${b.paramCount}`);
  if (model.sampleCount * 4 !== b.order.byteLength) throw new RangeError(`model has ${model.sampleCount} samples but the order buffer holds ${b.order.byteLength / 4}`);
  const params = floatView(b.dtype, b.params);
  model.attach?.(params);
  if (p.resume) model.restore?.(p.resume.model);
  const grad = floatView(b.dtype, b.grad);
  const chunkLoss = new Float64Array(b.chunkLoss);
  const order = new Int32Array(b.order);
  const slots = Array.from({ length: b.maxChunks }, (_, c) => floatView(b.dtype, b.chunkGrads, c * P * bytesPer(b.dtype), P));
  const gang = ctx.gang;
  const barrier = new Barrier(gang, ctx.ranks);
  const published = new Tally(gang, PUBLISHED);
  const slicesDone = new Tally(gang, SLICES_DONE);
  const groupsDone = new Tally(gang, GROUPS_DONE);
  const blocksDone = new Tally(gang, BLOCKS_DONE);
  const blocks = Math.ceil(P / REDUCE_BLOCK);
  const lo = Math.floor((ctx.rank * P) / ctx.ranks);
  const hi = Math.floor(((ctx.rank + 1) * P) / ctx.ranks);
  const meanInDtype = model.chunkMean === true;
  const acc = new Float64Array(meanInDtype ? 0 : Math.min(P, REDUCE_BLOCK));
  const allSlots = floatView(b.dtype, b.chunkGrads);
  const gradSquares = new Float64Array(b.gradSquares);
  const addon = nativeAddon();
  const shard = shardable(p.optimizer, model, b.chunkGrads.byteLength)
    ? new ShardedUpdate(
      p.optimizer, p.seed, createSchedule(p.schedule, baseLearningRate(p.optimizer)), grad, params, lo, hi, p.optimizerState, p.resume?.optimizer,
      { rank: ctx.rank, sync: () => barrier.arrive(), scratch: b.chunkGrads, model },
    )
    : null;
  const leader = ctx.rank === 0 ? new Leader(p, ctx, model, params, grad, chunkLoss, order, shard) : null;
  const fault = p.fault && ctx.rank === (p.fault.rank ?? ctx.ranks - 1) ? p.fault : null;
  const prof = PROFILE ? new PhaseProfile(ctx.rank) : null;
  let ownGroups = 0;
  /**
   * grad over reduction block k = slot₀ + slot₁ + … + slot_{count−1}, added in slot order; `from` > 0:
   * grad there already holds the sum of slots [0, from) (an early partial sum), the rest is added on —
   * the same float adds in the same order as one pass.
   */
  const reduceBlock = (k: number, from: number, count: number, len: number): void => {
    const lo = k * REDUCE_BLOCK;
    const hi = Math.min(P, lo + REDUCE_BLOCK);
    const first = slots[0]!;
    if (addon) {
      // The same sums in the same order, vectorised across parameters.
      addon.reduce(grad, allSlots, P, count, lo, hi, meanInDtype ? 0 : 1, len, from);
    } else if (meanInDtype) {
      // The in-process network trainer's sum: a float32 (or float64) accumulator, group by group.
      if (from === 0) for (let i = lo; i < hi; i++) grad[i] = first[i]!;
      for (let c = Math.max(1, from); c < count; c++) {
        const slot = slots[c]!;
        for (let i = lo; i < hi; i++) grad[i] = grad[i]! + slot[i]!;
      }
    } else {
      for (let i = lo; i < hi; i++) acc[i - lo] = first[i]!;
      for (let c = 1; c < count; c++) {
        const slot = slots[c]!;
        for (let i = lo; i < hi; i++) acc[i - lo] = acc[i - lo]! + slot[i]!;
      }
      for (let i = lo; i < hi; i++) grad[i] = acc[i - lo]! / len;
    }
  };
  /** Block k is reduced: its share of Σ g² (read while it is in this core's cache), then the count. */
  const blockDone = (k: number): void => {
    gradSquares[k] = blockSumOfSquares(grad, k * REDUCE_BLOCK, Math.min(P, (k + 1) * REDUCE_BLOCK));
    blocksDone.add();
    prof?.count(1);
  };
  // Early reduction (the network model's float32 sums, several ranks): a rank left without groups to
  // claim while others still sum theirs reduces whole blocks over the leading groups already done
  // (slots [0, d)), and leaves the block's depth d in the gang; once every group is done, any rank
  // completes such a block by adding slots [d, groups) on. A float32 sum continued is the sum in one
  // pass (the same adds in the same order), so the bits never depend on who did what when.
  const early = meanInDtype && ctx.ranks > 1;
  const earlyLimit = Math.min(blocks, EARLY_BLOCKS);
  const earlyReduce = (groups: number, len: number): void => {
    for (;;) {
      const done = Atomics.load(gang, GROUPS_DONE);
      if (done >= groups) return;
      const k = Atomics.load(gang, NEXT_BLOCK);
      if (k >= earlyLimit) return;
      const mask = Atomics.load(gang, GROUPS_MASK);
      const depth = 31 - Math.clz32(~mask & (mask + 1)); // leading groups done: the lowest zero bit
      if (depth < 2) {
        groupsDone.waitFor(done + 1);
        continue;
      }
      if (Atomics.compareExchange(gang, NEXT_BLOCK, k, k + 1) !== k) continue;
      reduceBlock(k, 0, depth, len);
      Atomics.add(gang, EARLY_TOTAL, 1);
      prof?.count(2);
      if (depth < groups && Atomics.load(gang, GROUPS_DONE) >= groups) reduceBlock(k, depth, groups, len);
      else if (depth < groups) {
        Atomics.store(gang, DEPTH + k, depth);
        continue;
      }
      blockDone(k);
    }
  };
  /** Completes the blocks left with an early partial sum (claimed one by one: depth → −1). */
  const completeEarly = (groups: number, len: number): void => {
    for (let k = 0; k < earlyLimit; k++) {
      const d = Atomics.load(gang, DEPTH + k);
      if (d > 0 && Atomics.compareExchange(gang, DEPTH + k, d, -1) === d) {
        reduceBlock(k, d, groups, len);
        blockDone(k);
      }
    }
  };
  /** One round of the epoch end's evaluation: any rank claims any chunk; each writes its own two slots. */
  const evalRound = (): void => {
    const first = Atomics.load(gang, BATCH_START);
    const end = Atomics.load(gang, BATCH_END);
    for (let c = first + Atomics.add(gang, NEXT_CHUNK, 1); c < end; c = first + Atomics.add(gang, NEXT_CHUNK, 1)) {
      model.evalChunk!(c, chunkLoss, 2 * (c - first));
    }
    // Every other rank done with its claims (so every slot written): rank 0 resets the counters after this.
    if (leader) {
      slicesDone.waitFor(ctx.ranks - 1);
      leader.afterEvalRound(first, end);
    } else slicesDone.add();
  };
  try {
    leader?.begin();
    // Round r acts on rank 0's r-th publication after begin()'s; the first round starts at a
    // barrier instead (every rank's model built).
    for (let round = 0; ; round++) {
      prof?.mark(0);
      if (round === 0) {
        barrier.arrive();
        leader?.ranksReady();
      } else if (leader) published.add(); // (1)
      else {
        if (p.late) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, p.late);
        published.waitFor(round);
      }
      prof?.mark(1);
      const phase = Atomics.load(gang, PHASE);
      if (phase === EXIT) break;
      if (phase === EVAL) {
        prof?.evalRound();
        evalRound();
        continue;
      }
      const start = Atomics.load(gang, BATCH_START);
      const end = Atomics.load(gang, BATCH_END);
      const chunks = Atomics.load(gang, CHUNKS);
      const epoch = Atomics.load(gang, EPOCH);
      const update = Atomics.load(gang, UPDATE);
      if (fault && update === fault.atUpdate) {
        if (fault.kind === 'exit') process.exit(1);
        throw new Error(`injected fault at update ${update}`);
      }
      // A rank claims a group of consecutive chunks (one chunk each unless chunkMean: the network
      // trainer's order, nn/kernels.ts chunkGroupSize) and sums them, in chunk order, into the group's slot.
      const group = meanInDtype ? chunkGroupSize(chunks) : 1;
      const groups = Math.ceil(chunks / group);
      for (let g = Atomics.add(gang, NEXT_CHUNK, 1); g < groups; g = Atomics.add(gang, NEXT_CHUNK, 1)) {
        if (p.stall && g === groups - 1) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, p.stall);
        for (let c = g * group; c < Math.min(chunks, (g + 1) * group); c++) {
          const s = start + c * b.chunkSize;
          const range = { order, start: s, end: Math.min(s + b.chunkSize, end), epoch, update, batch: end - start };
          chunkLoss[2 * c] = model.chunkGradient(params, range, slots[g]!, c > g * group);
          chunkLoss[2 * c + 1] = model.chunkCorrect ?? 0;
        }
        if (early) Atomics.or(gang, GROUPS_MASK, 1 << g);
        ownGroups++;
        groupsDone.add();
        prof?.count(0);
      }
      prof?.mark(2);
      const len = end - start;
      // Out of groups to claim while others still sum theirs: reduce blocks over the groups done so far.
      if (early && groups > 2) earlyReduce(groups, len);
      groupsDone.waitFor(groups); // (2) every slot written, whichever rank wrote it
      prof?.mark(3);
      if (early && groups > 2) completeEarly(groups, len);
      for (let k = Atomics.add(gang, NEXT_BLOCK, 1); k < blocks; k = Atomics.add(gang, NEXT_BLOCK, 1)) {
        reduceBlock(k, 0, groups, len);
        blockDone(k);
      }
      prof?.mark(4);
      blocksDone.waitFor(blocks); // (3) the whole gradient reduced
      prof?.mark(5);
      // Σ g²: the blocks' shares in block order (sumOfSquares's order), whoever took them.
      let squares = 0;
      for (let k = 0; k < blocks; k++) squares += gradSquares[k]!;
      if (shard) {
        let lossSum = 0;
        for (let c = 0; c < chunks; c++) lossSum += chunkLoss[2 * c]!;
        const verdict = shard.step(lossSum, end - start, update, squares);
        if (!verdict.sliceFinite) Atomics.store(gang, SLICE_BAD, 1);
        prof?.mark(6);
        if (leader) {
          slicesDone.waitFor(ctx.ranks - 1);
          prof?.mark(7);
          leader.afterUpdate(start, end, chunks, { gradNorm: verdict.gradNorm, penalty: verdict.penalty, paramsFinite: Atomics.load(gang, SLICE_BAD) === 0 });
        } else slicesDone.add();
      } else if (leader) {
        // Rank 0 resets the phase counters when it publishes the next batch: every rank must be past its waits.
        slicesDone.waitFor(ctx.ranks - 1);
        leader.afterUpdate(start, end, chunks, undefined, squares);
      } else slicesDone.add();
    }
    prof?.print();
    if (prof) leader?.printEvaluation();
  } catch (e) {
    // Another rank failed (or this one did): what rank 0 measured so far still reaches the store.
    leader?.flush();
    throw e;
  }
  return leader ? { ...leader.result(), rank0Groups: ownGroups, ...(early ? { earlyBlocks: Atomics.load(gang, EARLY_TOTAL) } : {}) } : null;
}

const PROFILE = process.env.DESCENT_LAB_PHASES === '1';
const PHASE_NAMES = ['barrier', 'chunks', 'waitGroups', 'reduce', 'waitBlocks', 'step', 'waitSlices', 'leader', 'eval'];

/**
 * DESCENT_LAB_PHASES=1: wall time per phase and rank (ms per update), and the thread's schedstat run
 * and run-queue time per update over the job (schedstat moves in scheduler ticks: whole jobs only),
 * printed when the job ends.
 */
class PhaseProfile {
  private readonly ms = new Float64Array(PHASE_NAMES.length);
  private readonly counts = new Float64Array(3);
  private last = performance.now();
  private phase = -1;
  private updates = 0;
  private readonly cpu0 = threadCpu();

  constructor(private readonly rank: number) {}

  /** Ends the current phase and starts `next` (an index of PHASE_NAMES). */
  mark(next: number): void {
    const now = performance.now();
    if (next === 1) this.updates++;
    if (this.phase >= 0) this.ms[this.phase]! += now - this.last;
    this.last = now;
    this.phase = next;
  }

  /** The barrier just passed led to an evaluation round, not an update. */
  evalRound(): void {
    this.updates--;
    this.mark(8);
  }

  count(k: number): void {
    this.counts[k]!++;
  }

  print(): void {
    const u = Math.max(1, this.updates);
    const cpu = threadCpu();
    const parts = PHASE_NAMES.map((n, i) => `${n} ${(this.ms[i]! / u).toFixed(3)}`).join(' ');
    const sched = cpu && this.cpu0 ? ` run ${((cpu[0] - this.cpu0[0]) / u).toFixed(3)} runq ${((cpu[1] - this.cpu0[1]) / u).toFixed(3)}` : '';
    console.error(`[phases] rank ${this.rank} updates ${this.updates} groups/u ${(this.counts[0]! / u).toFixed(2)} blocks/u ${(this.counts[1]! / u).toFixed(2)} early/u ${(this.counts[2]! / u).toFixed(2)} ms/u: ${parts}${sched}`);
  }
}

/** This thread's schedstat, kept open (a file opened through /proc/thread-self stays this thread's). */
let schedstat: number | null | undefined;
const schedBuf = Buffer.alloc(128);

/** This thread's CPU time and run-queue wait (ms, Linux schedstat), or null. */
function threadCpu(): [number, number] | null {
  try {
    if (schedstat === undefined) schedstat = openSync('/proc/thread-self/schedstat', 'r');
    if (schedstat === null) return null;
    const n = readSync(schedstat, schedBuf, 0, schedBuf.length, 0);
    const f = schedBuf.toString('latin1', 0, n).split(' ');
    return [Number(f[0]) / 1e6, Number(f[1]) / 1e6];
  } catch {
    schedstat = null;
    return null;
  }
}

/** Rank 0's part: batches, optimizer, metrics, control. */
class Leader {
  private readonly optimizer;
  private optState: unknown;
  private readonly sharded: boolean;
  private readonly schedule;
  private readonly control: Int32Array;
  private batchesPerEpoch = 0;
  private epochSize = 0;
  private epochCorrect = 0;
  private epochStarted = performance.now();
  private readonly total: number;
  private epoch = 0;
  private batch = 0;
  private update = 0;
  private epochLoss = 0;
  private lastLoss: number | null = null;
  private outcome: TrainOutcome = 'completed';
  private divergedAt: number | undefined;
  private series: SeriesBatch = {};
  private lastReport = performance.now();
  private started = performance.now();
  private pausedMs = 0;
  /**
   * The epoch end's chunked evaluation: chunks per pass (fixed for the run), each pass's sums, the
   * pass in progress, its first chunk, its chunks summed so far, its start.
   */
  private evalPasses: number[] | null = null;
  private evalTotals: EvalTotals[] = [];
  private evalPass = 0;
  private evalBase = 0;
  private evalDone = 0;
  private evalStarted = 0;
  /** DESCENT_LAB_PHASES: each pass's wall time summed over the job, and the epoch ends evaluated. */
  private readonly evalMs: number[] = [];
  private evalEpochs = 0;

  constructor(
    private readonly p: TrainPayload,
    private readonly ctx: RankContext,
    private readonly model: ParallelModel,
    private readonly params: FloatArray,
    private readonly grad: FloatArray,
    private readonly chunkLoss: Float64Array,
    private readonly order: Int32Array,
    /** Rank 0's slice when the ranks apply the optimizer to their slices (sharded.ts); rank 0 then keeps no whole state. */
    private readonly shard: ShardedUpdate | null,
  ) {
    this.sharded = shard !== null;
    this.epoch = p.resume?.epoch ?? 0;
    this.update = p.resume?.update ?? 0;
    this.optimizer = createOptimizer(p.optimizer, { seed: p.seed });
    this.schedule = createSchedule(p.schedule, baseLearningRate(p.optimizer));
    this.control = new Int32Array(p.buffers.control);
    let total = 0;
    for (let e = 0; e < p.epochs; e++) total += Math.ceil((model.epochLength?.(e) ?? model.sampleCount) / p.batchSize);
    this.total = total;
  }

  begin(): void {
    if (this.p.initParams) this.model.init(this.params, this.p.seed);
    this.optState = this.sharded ? null : this.optimizer.init(this.params);
    if (this.optState !== null && this.p.resume) restoreState(this.optState, this.p.resume.optimizer);
    Atomics.store(this.control, CTRL_STATE, TrainerState.running);
    this.startEpoch();
    if (this.epoch >= this.p.epochs) return this.finish('completed');
    // A run paused, stopped or cancelled while it waited in the queue acts on it before any update.
    const command = this.awaitCommand();
    if (command === Command.stop) return this.finish('stopped');
    if (command === Command.cancel) return this.finish('cancelled');
    this.publish();
  }

  /**
   * `sharded`: the ranks have applied the update (its gradient norm and whether every slice stayed
   * finite); else rank 0 applies it here, `squares` being Σ g² of the reduced gradient.
   */
  afterUpdate(start: number, end: number, chunks: number, sharded?: { gradNorm: number; penalty: number; paramsFinite: boolean }, squares?: number): void {
    const len = end - start;
    let lossSum = 0;
    let correct = 0;
    for (let c = 0; c < chunks; c++) {
      lossSum += this.chunkLoss[2 * c]!;
      correct += this.chunkLoss[2 * c + 1]!;
    }
    // A sample-independent term (e.g. L2 on the weights) is added once, to the mean (sharded: taken by the
    // slices' update); not sharded, its gradient is added to the reduced gradient here, and ‖g‖ taken after it.
    const penalty = sharded ? sharded.penalty : this.model.penalty?.(this.params, this.grad);
    const loss = lossSum / len + (penalty ?? 0);
    const gradNorm = sharded ? sharded.gradNorm : Math.sqrt(this.model.penalty || squares === undefined ? sumOfSquares(this.grad) : squares);
    const t = this.update;
    if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) return this.diverge(t);
    const lr = this.schedule(t);
    if (!sharded) this.optimizer.update(this.grad, this.optState, this.params, lr);
    this.record('loss', t, loss);
    this.record('gradNorm', t, gradNorm);
    this.record('lr', t, lr);
    this.lastLoss = loss;
    if (!(sharded ? sharded.paramsFinite : allFinite(this.params))) return this.diverge(t);
    this.epochLoss += lossSum;
    this.epochCorrect += correct;
    this.update++;
    this.batch++;
    if (this.batch === this.batchesPerEpoch) {
      this.epoch++;
      this.record('epochLoss', this.epoch, this.epochLoss / this.epochSize);
      if (this.model.chunkCorrect !== undefined) this.record('epochAccuracy', this.epoch, this.epochCorrect / this.epochSize);
      // Chunked: every rank evaluates (rounds after publication (1)); endEpoch follows the last round.
      if (this.model.evalChunk) return this.beginEval();
      return this.endEpoch(this.model.evaluate?.(this.params, this.epoch - 1) ?? {});
    }
    this.next();
  }

  /** The epoch's evaluation figures are in: record them, then finish or start the next epoch. */
  private endEpoch(figures: Record<string, number>): void {
    for (const [name, value] of Object.entries(figures)) this.record(name, this.epoch, value);
    this.record('epochMs', this.epoch, performance.now() - this.epochStarted);
    if (this.epoch === this.p.epochs || this.model.stopRequested) return this.finish('completed');
    this.startEpoch();
    // An epoch's evaluation can take a while: let the progress through at once.
    this.report();
    if (this.p.checkpoints) this.checkpoint();
    this.next();
  }

  private beginEval(): void {
    this.evalPasses ??= this.model.evalPasses!();
    this.evalTotals = this.evalPasses.map(() => ({ sum: 0, correct: 0, ms: 0 }));
    this.evalPass = 0;
    this.evalBase = 0;
    this.evalDone = 0;
    this.evalStarted = performance.now();
    this.evalEpochs++;
    this.nextEvalRound();
  }

  /**
   * Publishes the evaluation's next round (at most as many chunks as the slots hold, within one
   * pass) — or, for a small pass, computes it here — or ends the epoch.
   */
  private nextEvalRound(): void {
    const passes = this.evalPasses!;
    for (;;) {
      while (this.evalPass < passes.length && this.evalDone === passes[this.evalPass]) {
        const now = performance.now();
        this.evalTotals[this.evalPass]!.ms = now - this.evalStarted;
        this.evalMs[this.evalPass] = (this.evalMs[this.evalPass] ?? 0) + now - this.evalStarted;
        this.evalBase += passes[this.evalPass]!;
        this.evalPass++;
        this.evalDone = 0;
        this.evalStarted = now;
      }
      if (this.evalPass === passes.length) return this.endEpoch(this.model.evalFigures!(this.epoch - 1, this.evalTotals));
      const first = this.evalBase + this.evalDone;
      const end = first + Math.min(this.chunkLoss.length / 2, passes[this.evalPass]! - this.evalDone);
      const split = this.ctx.ranks > 1 && passes[this.evalPass]! * this.p.buffers.chunkSize * this.model.paramCount >= EVAL_SPLIT_MIN;
      if (split) {
        const g = this.ctx.gang;
        Atomics.store(g, BATCH_START, first);
        Atomics.store(g, BATCH_END, end);
        Atomics.store(g, NEXT_CHUNK, 0);
        Atomics.store(g, SLICES_DONE, 0);
        Atomics.store(g, PHASE, EVAL);
        return;
      }
      for (let c = first; c < end; c++) this.model.evalChunk!(c, this.chunkLoss, 2 * (c - first));
      this.collect(first, end);
    }
  }

  /** Every chunk of the round [first, end) is in its slot, whichever rank computed it. */
  afterEvalRound(first: number, end: number): void {
    this.collect(first, end);
    this.nextEvalRound();
  }

  /** The round's slots added to the pass's sums in chunk order (Trainer.evaluate's `sum += r.sum`). */
  private collect(first: number, end: number): void {
    const t = this.evalTotals[this.evalPass]!;
    for (let c = 0; c < end - first; c++) {
      t.sum += this.chunkLoss[2 * c]!;
      t.correct += this.chunkLoss[2 * c + 1]!;
    }
    this.evalDone += end - first;
  }

  /** DESCENT_LAB_PHASES: the epoch end's passes, wall time per epoch (all ranks at work). */
  printEvaluation(): void {
    if (this.evalEpochs === 0) return;
    const parts = this.evalMs.map((ms, i) => `pass ${i} ${(ms / this.evalEpochs).toFixed(2)}`).join(' ');
    console.error(`[phases] evaluation, ${this.ctx.ranks} ranks, ${this.evalEpochs} epoch ends, ms/epoch: ${parts}`);
  }

  /** Between updates: the position, progress when due, the control word, then the next batch. */
  private next(): void {
    Atomics.store(this.control, CTRL_EPOCH, this.epoch);
    Atomics.store(this.control, CTRL_UPDATE, this.update);
    if (performance.now() - this.lastReport >= this.p.reportMs) this.report();
    const command = this.awaitCommand();
    if (command === Command.stop) return this.finish('stopped');
    if (command === Command.cancel) return this.finish('cancelled');
    this.publish();
  }

  /**
   * Every rank has built its model and passed the first barrier: training time starts here, so
   * the other workers' set-up for this job (their model replica, a few ms) is not counted as
   * training, as a peer's timed loop excludes building its model.
   */
  ranksReady(): void {
    const now = performance.now();
    this.started = now;
    this.pausedMs = 0;
    this.epochStarted = now;
  }

  result(): TrainResult {
    return {
      outcome: this.outcome,
      updates: this.update,
      epochs: this.epoch,
      totalUpdates: this.total,
      lastLoss: this.lastLoss,
      ms: performance.now() - this.started - this.pausedMs,
      ...(this.divergedAt !== undefined ? { divergedAt: this.divergedAt } : {}),
    };
  }

  /** Pausing holds the job where it stands, state and all: resuming continues bit for bit. */
  private awaitCommand(): number {
    let command = Atomics.load(this.control, CTRL_CMD);
    if (command !== Command.pause) return command;
    const since = performance.now();
    Atomics.store(this.control, CTRL_STATE, TrainerState.paused);
    const epochStarted = this.epochStarted;
    this.report();
    this.ctx.post({ type: 'state', state: 'paused' });
    while (command === Command.pause) {
      if (Atomics.load(this.ctx.gang, 0) !== 0) throw new Error('aborted while paused');
      Atomics.wait(this.control, CTRL_CMD, Command.pause, 100);
      command = Atomics.load(this.control, CTRL_CMD);
    }
    Atomics.store(this.control, CTRL_STATE, TrainerState.running);
    this.pausedMs += performance.now() - since;
    this.epochStarted = epochStarted + (performance.now() - since);
    if (command === Command.run) this.ctx.post({ type: 'state', state: 'running' });
    return command;
  }

  private startEpoch(): void {
    const order = this.order;
    this.batch = 0;
    this.epochLoss = 0;
    this.epochCorrect = 0;
    this.epochStarted = performance.now();
    this.epochSize = this.model.epochOrder ? this.model.epochOrder(this.epoch, order) : order.length;
    this.batchesPerEpoch = Math.ceil(this.epochSize / this.p.batchSize);
    if (this.model.epochOrder) return;
    for (let i = 0; i < order.length; i++) order[i] = i;
    if (!this.p.shuffle) return;
    // The epoch's order depends on (seed, epoch) only, so a rerun — on any thread count — sees the same batches.
    const rng = createRng((Math.imul(this.p.seed, 0x9e3779b1) ^ Math.imul(this.epoch + 1, 0x85ebca77)) >>> 0);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      const tmp = order[i]!;
      order[i] = order[j]!;
      order[j] = tmp;
    }
  }

  private publish(): void {
    const g = this.ctx.gang;
    const start = this.batch * this.p.batchSize;
    const end = Math.min(start + this.p.batchSize, this.epochSize);
    Atomics.store(g, BATCH_START, start);
    Atomics.store(g, BATCH_END, end);
    Atomics.store(g, CHUNKS, Math.ceil((end - start) / this.p.buffers.chunkSize));
    Atomics.store(g, NEXT_CHUNK, 0);
    Atomics.store(g, EPOCH, this.epoch);
    Atomics.store(g, UPDATE, this.update);
    Atomics.store(g, SLICE_BAD, 0);
    Atomics.store(g, SLICES_DONE, 0);
    Atomics.store(g, GROUPS_DONE, 0);
    Atomics.store(g, NEXT_BLOCK, 0);
    Atomics.store(g, BLOCKS_DONE, 0);
    Atomics.store(g, GROUPS_MASK, 0);
    for (let k = DEPTH; k < DEPTH + EARLY_BLOCKS; k++) Atomics.store(g, k, 0);
    Atomics.store(g, PHASE, RUN);
  }

  private diverge(t: number): void {
    this.divergedAt = t;
    this.finish('diverged');
  }

  private finish(outcome: TrainOutcome): void {
    this.outcome = outcome;
    Atomics.store(this.ctx.gang, PHASE, EXIT);
    Atomics.store(this.control, CTRL_EPOCH, this.epoch);
    Atomics.store(this.control, CTRL_UPDATE, this.update);
    Atomics.store(this.control, CTRL_STATE, TrainerState.finished);
    this.report();
  }

  private record(name: string, step: number, value: number): void {
    const s = (this.series[name] ??= { steps: [], values: [] });
    s.steps.push(step);
    s.values.push(value);
  }

  flush(): void {
    if (Object.keys(this.series).length > 0) this.report();
  }

  /** The whole training state at this epoch's end (every slice is updated: the other ranks wait for publication (1)). */
  private checkpoint(): void {
    const optimizer = this.shard ? this.shard.wholeState(this.update) : snapshotState(this.optState);
    const ms = performance.now() - this.started - this.pausedMs;
    this.ctx.post({ type: 'checkpoint', epoch: this.epoch, update: this.update, ms, optimizer, model: this.model.checkpoint?.() ?? null });
  }

  private report(): void {
    this.lastReport = performance.now();
    this.ctx.post({ type: 'metrics', epoch: this.epoch, update: this.update, total: this.total, series: this.series });
    this.series = {};
  }
}
