// `lab resume RUN_ID`: continues an interrupted, stopped or failed network run from its last
// epoch end (recordRun's resume path, main/engine/runs/record.ts), in the same run: the series go
// on from their last stored step and the run ends as it would have without the interruption.
// Prints the same JSON object as `lab run`; progress goes to stderr, one line per epoch.
// Ctrl-C stops between two updates (status 'stopped', resumable again).
import type { ExperimentSpec } from '../../../preload/experiment';
import { RESUME_REFUSALS, RESUME_REFUSED, resumeRefusalLine, type ResumeRefusalReason } from '../../../preload/resume-refusals';
import { ExperimentError } from '../../engine/nn/errors';
import { WorkerPool } from '../../engine/pool/pool';
import { ResumeRefused, resumeRun } from '../../engine/runs';
import { NotFoundError, resolveDbPath, Store } from '../../store';
import { defineCommand, printJson } from '../command';
import { CommandError, text, UsageError, type Text } from '../text';
import { progressLine, report } from './run';

const msg = {
  notFound: { en: 'run {runId} not found', zh: '找不到运行 {runId}' },
  failed: { en: 'the run cannot continue: {why}', zh: '运行无法继续：{why}' },
  resuming: { en: 'run {runId}: resuming after epoch {epoch}', zh: '运行 {runId}：从第 {epoch} 轮之后继续' },
  done: { en: 'run {runId} {status} in {seconds} s', zh: '运行 {runId} {status}，用时 {seconds} 秒' },
} satisfies Record<string, Text>;

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
        // Worded as the app words it (preload/resume-refusals.ts); a reason without a wording says the engine's message.
        const params = Object.fromEntries(Object.entries(e.params).map(([k, v]) => [k, String(v)]));
        const known = Object.hasOwn(RESUME_REFUSALS, e.reason) ? (e.reason as ResumeRefusalReason) : null;
        throw new CommandError(known ? text({ en: resumeRefusalLine(known, 'en'), zh: resumeRefusalLine(known, 'zh') }, params) : text(RESUME_REFUSED, { why: e.message }));
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
