// The optimizer update sharded by parameter slice (pool/sharded.ts) where it needs more than
// element-wise arithmetic: L2 on the weights (added by slice, the penalty taken before any slice
// moves), clipping inside Lookahead's inner optimizer (every rank takes the global norm), and
// SWATS (pᵀp and pᵀg as block sums, optim/swats.ts, added in block order on every rank). A network
// of 13 059 parameters, so SWATS's sums span four blocks of 4096 and two or three ranks each own
// blocks of their own; batches of 100 rows, four chunks (32, 32, 32, 4). On 1, 2 and 3 real worker
// threads the pool gives the in-process loop's bits, and a run stopped and resumed from its stored
// state (3 threads, a real SQLite file) ends with the uninterrupted run's weights and series.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { experimentSpec, type ExperimentSpec } from '../../../preload/experiment';
import type { OptimizerSpec } from '../../../preload/spec';
import { decodeWeights, type CheckpointMeta } from '../../../main/engine/nn/records';
import { decodeTrainState } from '../../../main/engine/nn/resume';
import { trainNetwork } from '../../../main/engine/nn/train';
import { trainNetworkOnPool } from '../../../main/engine/pool/network';
import { WorkerPool } from '../../../main/engine/pool/pool';
import { shardable } from '../../../main/engine/pool/sharded';
import { recordRun, resumeRun } from '../../../main/engine/runs';
import { Store } from '../../../main/store';
import { fingerprint } from './bits';

const dir = mkdtempSync(join(tmpdir(), 'descent-sharded-'));
const store = Store.open(join(dir, 'lab.db'));
const pool = new WorkerPool({ size: 3 });
afterAll(async () => {
  await pool.shutdown();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

// 2-128-96-3: 384 + 12 384 + 291 = 13 059 parameters. 300 training rows: three updates an epoch.
const specOf = (name: string, optimizer: unknown, l2 = 0): ExperimentSpec =>
  experimentSpec.parse({
    name,
    data: { source: 'spiral', samples: 400, noise: 0.1, classes: 3 },
    model: [{ dense: 128, activation: 'relu' }, { dense: 96, activation: 'tanh' }, { dense: 'output' }],
    optimizer,
    split: { validation: 0.25 },
    batchSize: 100, epochs: 3, seed: 7, l2,
  });

const CASES: Record<string, ExperimentSpec> = {
  'adam + L2': specOf('adam + L2', { name: 'adam', lr: 0.01 }, 1e-3),
  'lookahead(adam + clipNorm)': specOf('lookahead(adam + clipNorm)', { name: 'lookahead', k: 2, inner: { name: 'adam', lr: 0.01, clipNorm: 0.3 } }),
  // Switches to SGD after update 2 with the Λ of the block sums: every later weight depends on its bits.
  'swats (switch after update 2)': specOf('swats', { name: 'swats', lr: 0.01, switchAt: 2 }),
  // The switch test as the paper has it (a generous ε so it fires), clipped, with L2: both barriers.
  'swats (its own switch test) + clipNorm + L2': specOf('swats test', { name: 'swats', lr: 0.01, switchEps: 0.5, clipNorm: 0.5 }, 1e-3),
};

describe('the sharded update beyond element-wise optimizers', () => {
  it('takes these to the sharded path; a penalty without a sliced form, sequential gradient noise, SWATS inside Lookahead and deeper or double clipping stay serial', () => {
    const penalty = { addGradient: () => {}, value: () => 0 };
    const model = { paramCount: 13059, penalty: () => 0, slicedPenalty: penalty };
    for (const spec of Object.values(CASES)) expect(shardable(spec.optimizer as OptimizerSpec, model, 4 * 13059)).toBe(true);
    const adam = CASES['adam + L2']!.optimizer as OptimizerSpec;
    expect(shardable(adam, { paramCount: 13059, penalty: () => 0 })).toBe(false);
    expect(shardable({ ...adam, gradientNoise: { eta: 0.01, gamma: 0.55 } } as OptimizerSpec, model)).toBe(false);
    // The counter stream is drawn at any parameter's index: sharded, unless clipping at its level would come before it.
    const counter = { eta: 0.01, gamma: 0.55, stream: 'counter' } as const;
    expect(shardable({ ...adam, gradientNoise: counter } as OptimizerSpec, model)).toBe(true);
    expect(shardable({ ...adam, gradientNoise: counter, clipNorm: 1 } as OptimizerSpec, model)).toBe(false);
    const swats = CASES['swats (switch after update 2)']!.optimizer as OptimizerSpec;
    expect(shardable({ name: 'lookahead', k: 5, alpha: 0.5, inner: swats } as OptimizerSpec, model)).toBe(false);
    const clipped = CASES['lookahead(adam + clipNorm)']!.optimizer as OptimizerSpec;
    expect(shardable({ name: 'lookahead', k: 3, alpha: 0.5, inner: clipped } as OptimizerSpec, model)).toBe(false);
    expect(shardable({ ...clipped, clipNorm: 1 } as OptimizerSpec, model)).toBe(false);
    // SWATS's block sums (16 bytes a block) must fit in the chunk slots.
    expect(shardable(swats, { paramCount: 3 }, 12)).toBe(false);
  });

  for (const [name, spec] of Object.entries(CASES)) {
    it(`${name}: 1, 2 and 3 threads give the in-process bits`, async () => {
      const reference = fingerprint(await trainNetwork(spec));
      for (const threads of [1, 2, 3]) expect(fingerprint(await trainNetworkOnPool(pool, spec, { threads })), `${threads} threads`).toBe(reference);
    }, 60_000);
  }

  it('the SWATS runs switch (without a switch Λ reaches no weight, and the cases above could not tell the sums apart)', async () => {
    // The same runs with the switch ruled out (ε = 0 never holds, no forced step) end elsewhere.
    for (const key of ['swats (switch after update 2)', 'swats (its own switch test) + clipNorm + L2']) {
      const spec = CASES[key]!;
      const never = { ...spec, optimizer: { ...spec.optimizer, switchEps: 0, switchAt: null } } as ExperimentSpec;
      expect(fingerprint(await trainNetwork(never)), key).not.toBe(fingerprint(await trainNetwork(spec)));
    }
  });

  /** Every number of an optimizer state as exact bits (float64 hex), each array as the SHA-256 of its bytes. */
  function stateBits(v: unknown): unknown {
    if (typeof v === 'number') return Buffer.from(new Float64Array([v]).buffer).toString('hex');
    if (ArrayBuffer.isView(v)) return createHash('sha256').update(Buffer.from(v.buffer, v.byteOffset, v.byteLength)).digest('hex');
    if (Array.isArray(v)) return v.map(stateBits);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stateBits(x)]));
    return v;
  }

  /** The optimizer state stored at epoch 1's end (update 3) of `spec` stopped in epoch 2: in process, or on the pool. */
  async function savedOptimizer(spec: ExperimentSpec, threads: number | null): Promise<unknown> {
    let runId = 0;
    if (threads === null) {
      const stop = new AbortController();
      runId = (await recordRun(spec, store, { signal: stop.signal, checkpointMs: 0, onStep: (m) => m.step === 4 && stop.abort() })).runId;
    } else {
      const hooks = { pool, threads, fault: { atUpdate: 5, kind: 'throw' as const, rank: 0 }, onStart: (ids: { runId: number }) => (runId = ids.runId) };
      await expect(recordRun(spec, store, hooks)).rejects.toThrow(/injected fault/);
    }
    const saved = store.getResumeState(runId)!;
    expect(saved).toMatchObject({ epoch: 1, step: 3 });
    return decodeTrainState(saved.state).optimizer;
  }

  // SWATS's λ, γ_k and Λ are float64 sums over all parameters: their last bits show the blocks' order,
  // which the float32 weights above (a relative change of 1e-16 in the SGD rate) almost never do.
  for (const key of ['swats (switch after update 2)', 'swats (its own switch test) + clipNorm + L2']) {
    it(`${key}: the optimizer state (λ, γ_k, Λ, moments) on 2 and 3 threads is the in-process one to the last bit`, async () => {
      const spec = CASES[key]!;
      const reference = await savedOptimizer(spec, null);
      const inner = (s: unknown) => ((s as { phase?: string }).phase ? s : (s as { inner: unknown }).inner) as { lambda: number; phase: string };
      expect(inner(reference).lambda).toBeGreaterThan(0); // the sums were taken
      for (const threads of [2, 3]) expect(stateBits(await savedOptimizer(spec, threads)), `${threads} threads`).toEqual(stateBits(reference));
    }, 60_000);
  }

  /** What a run stored, as exact bits: series (timings left out) and final weights. */
  function stored(runId: number) {
    const series = store
      .readSeries([runId])
      .filter((s) => s.name !== 'epochMs')
      .map((s) => ({ name: s.name, steps: s.steps, values: s.values.map((v) => (Object.is(v, -0) ? '-0' : String(v))) }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const checkpoint = store.getCheckpoint(runId)!;
    const w = decodeWeights(checkpoint.weights, checkpoint.meta as unknown as CheckpointMeta);
    return { status: store.getRun(runId).status, series, params: Buffer.from(w.params.buffer).toString('hex') };
  }

  for (const [name, spec] of Object.entries(CASES)) {
    it(`${name}: stopped in epoch 2 on 3 threads, resumed, equals the uninterrupted run bit for bit`, async () => {
      const hooks = { pool, threads: 3 };
      const whole = await recordRun(spec, store, hooks);
      let runId = 0;
      // A fault at update 5 (the third of epoch 2): the stored state is epoch 1's end, update 3.
      await expect(recordRun(spec, store, { ...hooks, fault: { atUpdate: 5, kind: 'throw', rank: 0 }, onStart: (ids) => (runId = ids.runId) })).rejects.toThrow(/injected fault/);
      expect(store.getResumeState(runId)).toMatchObject({ epoch: 1, step: 3 });
      await resumeRun(runId, store, hooks);
      expect(stored(runId)).toEqual(stored(whole.runId));
    }, 60_000);
  }
});
