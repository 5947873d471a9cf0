// `lab resume RUN_ID`: continues an interrupted, stopped or failed network run from its last
// epoch end (recordRun's resume path, main/engine/runs/record.ts), in the same run: the series go
// on from their last stored step and the run ends as it would have without the interruption.
// Prints the same JSON object as `lab run`; progress goes to stderr, one line per epoch.
// Ctrl-C stops between two updates (status 'stopped', resumable again).
import type { ExperimentSpec } from '../../../preload/experiment';
import { ExperimentError } from '../../engine/nn/errors';
import { WorkerPool } from '../../engine/pool/pool';
import { ResumeRefused, resumeRun } from '../../engine/runs';
import { NotFoundError, resolveDbPath, Store } from '../../store';
import { defineCommand, printJson } from '../command';
import { CommandError, text, UsageError, type Text } from '../text';
import { progressLine, report } from './run';

const msg = {
  refused: { en: 'cannot resume: {why}', zh: '无法继续训练：{why}' },
  notFound: { en: 'run {runId} not found', zh: '找不到运行 {runId}' },
  failed: { en: 'the run cannot continue: {why}', zh: '运行无法继续：{why}' },
  resuming: { en: 'run {runId}: resuming after epoch {epoch}', zh: '运行 {runId}：从第 {epoch} 轮之后继续' },
  done: { en: 'run {runId} {status} in {seconds} s', zh: '运行 {runId} {status}，用时 {seconds} 秒' },
} satisfies Record<string, Text>;

/** Why a run cannot continue, by the refusal's reason (the engine's own message is English, for logs). */
const refusals: Partial<Record<string, Text>> = {
  'run-not-resumable-kind': { en: 'run {id} is a {kind} run; only network runs continue where they stopped', zh: '运行 {id} 是 {kind} 运行，只有网络运行能从中断处继续' },
  'run-not-resumable-status': {
    en: 'run {id} is {status}; only an interrupted, stopped or failed run can continue',
    zh: '运行 {id} 的状态为 {status}；只有中断、停止或失败的运行可以继续',
  },
  'run-not-resumable-folds': { en: 'run {id} is a {folds}-fold cross-validation, one result made together; run it again', zh: '运行 {id} 的 {folds} 折交叉验证是一起得出的一个结果，请重新运行' },
  'run-not-resumable-no-state': {
    en: 'run {id} kept no training state ({epochs} epochs were stored by an older version); run it again',
    zh: '运行 {id} 没有保存训练状态（已存的 {epochs} 个轮次来自旧版本），请重新运行',
  },
  'run-not-resumable-changed': { en: 'the stored experiment, training state or curves of run {id} no longer fit together', zh: '运行 {id} 保存的实验、训练状态或曲线已对不上' },
};

export default defineCommand({
  name: 'resume',
  summary: { en: 'continue an interrupted or stopped network run where it left off', zh: '从中断处继续训练一个中断或停止的网络运行' },
  positionals: [{ name: 'RUN_ID', required: true, help: { en: 'the run id (see `lab runs`)', zh: '运行编号（见 `lab runs`）' } }],
  options: {
    db: { kind: 'string', value: 'FILE', help: { en: 'database file (else $DESCENT_LAB_DB, else the app’s)', zh: '数据库文件（否则 $DESCENT_LAB_DB，再否则应用的数据库）' } },
    json: { kind: 'boolean', help: { en: 'print the result as one JSON object (the default; kept for scripts)', zh: '以一个 JSON 对象输出结果（默认如此；为脚本保留）' } },
  },
  async run({ options: o, positionals }, io) {
    const runId = Number(positionals[0]);
    if (!Number.isInteger(runId) || runId <= 0)
      throw new UsageError({ en: `RUN_ID must be a positive integer, not ${JSON.stringify(positionals[0])}`, zh: `RUN_ID 须为正整数，而不是 ${JSON.stringify(positionals[0])}` });
    const store = Store.open(resolveDbPath({ flag: o.db, env: io.env }));
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let pool: WorkerPool | null = null;
    try {
      let spec: ExperimentSpec;
      try {
        spec = store.getRun(runId).spec as ExperimentSpec;
      } catch (e) {
        if (e instanceof NotFoundError) throw new CommandError(text(msg.notFound, { runId }));
        throw e;
      }
      // As `lab run`: threads > 1 trains on worker threads, with the same numbers to the last bit.
      pool = (spec.threads ?? 1) > 1 ? new WorkerPool({ size: spec.threads }) : null;
      let first = true;
      const run = await resumeRun(runId, store, {
        ...(pool ? { pool } : {}),
        signal: stop.signal,
        onEpoch: (m) => {
          if (first) io.err(text(msg.resuming, { runId, epoch: m.epoch - 1 })[io.lang] + '\n');
          first = false;
          io.err(progressLine(m, spec.epochs));
        },
      });
      io.err(text(msg.done, { runId, status: run.status, seconds: (run.result.ms / 1000).toFixed(1) })[io.lang] + '\n');
      printJson(io, report(run));
    } catch (e) {
      if (e instanceof ResumeRefused) {
        const why = refusals[e.reason];
        const params = Object.fromEntries(Object.entries(e.params).map(([k, v]) => [k, String(v)]));
        throw new CommandError(why ? refusedBecause(text(why, params)) : text(msg.refused, { why: e.message }));
      }
      if (e instanceof ExperimentError) throw new CommandError(text(msg.failed, { why: e.message }));
      throw e;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await pool?.shutdown();
      store.close();
    }
  },
});

function refusedBecause(why: Text): Text {
  return { en: text(msg.refused, { why: why.en }).en, zh: text(msg.refused, { why: why.zh }).zh };
}
