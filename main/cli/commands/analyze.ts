// `lab analyze RUN_ID --hessian`: the Hessian of a saved network run's training loss at its
// weights (LECTURE §2) — loss, gradient norm, eigenvalues (all of them up to 3,000 parameters),
// the minimum ratio and the kind of point; Lanczos extremes, Hutchinson trace and an SLQ
// spectral density for larger networks. Progress goes to stderr, the result to stdout.
import { analyzeRunHessian } from '../../engine/analysis/analyze-run';
import { FULL_SPECTRUM_LIMIT } from '../../engine/analysis/spectrum';
import { ExperimentError } from '../../engine/nn/errors';
import { resolveDbPath, Store } from '../../store';
import { defineCommand, printJson } from '../command';
import { CommandError, text, UsageError, type Text } from '../text';

const msg = {
  which: { en: 'choose an analysis: --hessian', zh: '请选择一种分析：--hessian' },
  cannot: { en: 'cannot analyse run {runId}: {why}', zh: '无法分析运行 {runId}：{why}' },
  progress: { en: 'Hessian: {done}/{total} columns', zh: 'Hessian：第 {done}/{total} 列' },
  phase: { en: 'Hessian: {phase}…', zh: 'Hessian：{phase}…' },
} satisfies Record<string, Text>;

export default defineCommand({
  name: 'analyze',
  summary: { en: 'analyse a saved network run: Hessian spectrum, minimum ratio, kind of point', zh: '分析已保存的网络运行：Hessian 谱、最小值比例、临界点类型' },
  positionals: [{ name: 'RUN_ID', required: true, help: { en: 'a network run id (see `lab runs`)', zh: '网络运行编号（见 `lab runs`）' } }],
  options: {
    hessian: { kind: 'boolean', help: { en: `Hessian of the training loss at the saved weights (all eigenvalues up to ${FULL_SPECTRUM_LIMIT} parameters)`, zh: `保存权重处训练损失的 Hessian（参数不超过 ${FULL_SPECTRUM_LIMIT} 时给出全部特征值）` } },
    k: { kind: 'integer', value: 'K', help: { en: 'how many extreme eigenvalues to report (default 5)', zh: '报告的极端特征值个数（默认 5）' } },
    seed: { kind: 'integer', value: 'N', help: { en: 'seed of the random probes (Lanczos, Hutchinson; default 1)', zh: '随机探针的种子（Lanczos、Hutchinson；默认 1）' } },
    db: { kind: 'string', value: 'FILE', help: { en: 'database file (else $DESCENT_LAB_DB, else the app’s)', zh: '数据库文件（否则 $DESCENT_LAB_DB，再否则应用的数据库）' } },
    json: { kind: 'boolean', help: { en: 'print one JSON object', zh: '输出一个 JSON 对象' } },
  },
  run({ options: o, positionals }, io) {
    const runId = Number(positionals[0]);
    if (!Number.isInteger(runId) || runId <= 0) throw new UsageError({ en: `RUN_ID must be a positive integer, not ${JSON.stringify(positionals[0])}`, zh: `RUN_ID 须为正整数，而不是 ${JSON.stringify(positionals[0])}` });
    if (!o.hessian) throw new UsageError(msg.which);
    const k = o.k ?? 5;
    if (k < 1) throw new UsageError({ en: '--k must be at least 1', zh: '--k 至少为 1' });
    const store = Store.open(resolveDbPath({ flag: o.db, env: io.env }));
    let lastReport = 0;
    let a;
    try {
      a = analyzeRunHessian(store, runId, {
        k,
        seed: o.seed ?? 1,
        onProgress(phase, done, total) {
          const now = performance.now();
          if (phase === 'hessian') {
            if (now - lastReport < 1000 && done !== total) return;
            lastReport = now;
            io.err(text(msg.progress, { done, total })[io.lang] + '\n');
          } else io.err(text(msg.phase, { phase })[io.lang] + '\n');
        },
      });
    } catch (e) {
      if (e instanceof ExperimentError) throw new CommandError(text(msg.cannot, { runId, why: e.message }));
      throw e;
    } finally {
      store.close();
    }
    if (o.json) {
      // Issue 7's shape first; the Lanczos/Hutchinson/SLQ fields only when the spectrum is not complete.
      const { eigenvalues, topK, bottomK, traceStandardError, density, minimumRatioEstimated, ...rest } = a;
      return printJson(io, eigenvalues ? { ...rest, eigenvalues } : { ...rest, topK, bottomK, traceStandardError, minimumRatioEstimated, density });
    }
    const { params, loss, gradientNorm, eigenvalues, minimumRatio, kind, curvature, trace } = a;
    const lines = [
      `run ${runId}: ${params} parameters, ${a.trainingRows} training rows (evaluation mode)`,
      `loss: ${loss}`,
      `gradient norm: ${gradientNorm}`,
      `kind: ${kind} (curvature alone: ${curvature})`,
      `minimum ratio: ${minimumRatio}${eigenvalues ? '' : ' (estimated from the spectral density)'}`,
      `trace: ${trace}`,
      `smallest eigenvalues: ${a.bottomK.join(', ')}`,
      `largest eigenvalues: ${a.topK.join(', ')}`,
    ];
    io.out(lines.join('\n') + '\n');
  },
});
