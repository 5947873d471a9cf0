// `lab run SPEC.json`: trains a network experiment (preload/experiment.ts), stores it through
// recordRun (series, confusion matrix, summary, weights: as the app stores a run), and prints
// one JSON object. Progress goes to stderr, one line per epoch.
// Ctrl-C stops between two updates: the run is kept with status 'stopped'.
import { readFileSync } from 'node:fs';
import { describeIssues } from '../../../preload/spec';
import { experimentSpec, type ExperimentSpec } from '../../../preload/experiment';
import { ExperimentError } from '../../engine/nn/errors';
import { kernelsInUse } from '../../engine/nn/wasm-kernels';
import type { EpochMetrics } from '../../engine/nn/train';
import { WorkerPool } from '../../engine/pool/pool';
import { recordRun, type RecordedRun } from '../../engine/runs';
import { resolveDbPath, Store } from '../../store';
import { defineCommand, printJson, type CliIo } from '../command';
import { CommandError, text, UsageError, type Text } from '../text';

const msg = {
  unreadable: { en: 'cannot read {path}: {why}', zh: '无法读取 {path}：{why}' },
  notJson: { en: '{path} is not valid JSON: {why}', zh: '{path} 不是有效的 JSON：{why}' },
  invalid: { en: '{path}: {why}', zh: '{path}：{why}' },
  failed: { en: 'the experiment cannot run: {why}', zh: '实验无法运行：{why}' },
  started: { en: '{name}: {train} training / {validation} validation / {test} test samples, {features} features, run {runId}', zh: '{name}：训练 {train} / 验证 {validation} / 测试 {test} 个样本，{features} 个特征，运行 {runId}' },
  done: { en: 'run {runId} {status} in {seconds} s ({rate} samples/s)', zh: '运行 {runId} {status}，用时 {seconds} 秒（每秒 {rate} 个样本）' },
} satisfies Record<string, Text>;

const fmt = (v: number | null) => (v === null ? '-' : Number.isFinite(v) ? v.toPrecision(4) : String(v));

export function progressLine(m: EpochMetrics & { fold?: number }, total: number): string {
  const fold = m.fold === undefined ? '' : `fold ${m.fold + 1} `;
  const full = m.fullTrainLoss === undefined ? '' : `train loss (full pass) ${fmt(m.fullTrainLoss)}  train acc ${fmt(m.fullTrainAccuracy ?? null)}  `;
  return `${fold}epoch ${m.epoch}/${total}  ${full}mini-batch loss ${fmt(m.trainLoss)}  acc ${fmt(m.trainAccuracy)}  val loss ${fmt(m.valLoss)}  val acc ${fmt(m.valAccuracy)}  lr ${fmt(m.lr)}  ${Math.round(m.ms)} ms\n`;
}

export function readSpec(path: string): ExperimentSpec {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(text(msg.unreadable, { path, why: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message }));
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw new UsageError(text(msg.notJson, { path, why: (e as Error).message }));
  }
  const parsed = experimentSpec.safeParse(json);
  if (!parsed.success) throw new UsageError(text(msg.invalid, { path, why: describeIssues(parsed.error) }));
  // The training loss (full pass) after each epoch, unless the file says "trainPass": false.
  return { ...parsed.data, trainPass: parsed.data.trainPass ?? true };
}

/** What `lab run --json` prints: the issue's keys first, then what else the run found out. */
export function report({ result, runId, experimentId, status, foldRunIds }: RecordedRun) {
  return {
    runId,
    status,
    epochs: result.epochs.map(({ epoch, trainLoss, trainAccuracy, valLoss, valAccuracy, lr, ms, fullTrainLoss, fullTrainAccuracy }) => ({
      epoch, trainLoss, trainAccuracy, valLoss, valAccuracy, lr, ms: Math.round(ms * 10) / 10,
      ...(fullTrainLoss !== undefined ? { fullTrainLoss, fullTrainAccuracy } : {}),
    })),
    final: result.final,
    samplesPerSecond: Math.round(result.samplesPerSecond),
    /** What the dense layers and per-parameter passes ran on: native-avx512 | native-avx2 | wasm-simd128 | typescript. */
    kernels: kernelsInUse().kernels,
    experimentId,
    data: result.data,
    bestEpoch: result.bestEpoch,
    stoppedEarly: result.stoppedEarly,
    confusion: result.confusion,
    ...(result.folds
      ? {
          crossValidation: result.crossValidation,
          folds: result.folds.map((f, k) => ({ fold: f.fold, runId: foldRunIds[k], status: f.status, final: f.final, bestEpoch: f.bestEpoch })),
        }
      : {}),
  };
}

export async function runExperiment(spec: ExperimentSpec, store: Store, io: CliIo, signal?: AbortSignal): Promise<ReturnType<typeof report>> {
  // threads > 1 trains on worker threads: the same numbers to the last bit (test/unit/pool/network.test.ts),
  // without paying the workers' start-up for the small runs that one thread does fastest.
  const pool = (spec.threads ?? 1) > 1 ? new WorkerPool({ size: spec.threads }) : null;
  try {
    const run = await recordRun(spec, store, {
      ...(pool ? { pool } : {}),
      signal,
      onStart: ({ runId }, data) => io.err(text(msg.started, { ...data, runId })[io.lang] + '\n'),
      onEpoch: (m) => io.err(progressLine(m, spec.epochs)),
    });
    const seconds = (run.result.ms / 1000).toFixed(1);
    io.err(text(msg.done, { runId: run.runId, status: run.status, seconds, rate: Math.round(run.result.samplesPerSecond) })[io.lang] + '\n');
    return report(run);
  } finally {
    await pool?.shutdown();
  }
}

export default defineCommand({
  name: 'run',
  summary: { en: 'train a network experiment file and store the run', zh: '训练一个网络实验文件并保存运行' },
  positionals: [{ name: 'SPEC.json', required: true, help: { en: 'the experiment file', zh: '实验文件' } }],
  options: {
    db: { kind: 'string', value: 'FILE', help: { en: 'database file (else $DESCENT_LAB_DB, else the app’s)', zh: '数据库文件（否则 $DESCENT_LAB_DB，再否则应用的数据库）' } },
    json: { kind: 'boolean', help: { en: 'print the result as one JSON object (the default; kept for scripts)', zh: '以一个 JSON 对象输出结果（默认如此；为脚本保留）' } },
  },
  async run({ options: o, positionals }, io) {
    const spec = readSpec(positionals[0]!);
    const store = Store.open(resolveDbPath({ flag: o.db, env: io.env }));
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      printJson(io, await runExperiment(spec, store, io, stop.signal));
    } catch (e) {
      if (e instanceof ExperimentError) throw new CommandError(text(msg.failed, { why: e.message }));
      throw e;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      store.close();
    }
  },
});
