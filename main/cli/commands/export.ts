// `lab export RUN_ID --format csv|json|weights [--out FILE]`: a run's spec and metrics, or a
// network run's weights. CSV is long ("series,step,value"): lossless for any run, one pivot away
// from a wide table. Weights follow issue 7's shape, dense weights out × in (PyTorch's layout).
// `lab export RUN_ID --format pytorch --out DIR`: a network run as a self-contained PyTorch
// project (train.py, its data, initial weights and batch order; main/export/pytorch).
import { writeFileSync } from 'node:fs';
import type { ExperimentSpec } from '../../../preload/experiment';
import { ExperimentError } from '../../engine/nn/errors';
import { writeFolder, FolderError } from '../../export/folder';
import { buildPytorchExport, ExportError } from '../../export/pytorch/export';
import { buildNetwork } from '../../engine/nn/network';
import { loadRunWeights } from '../../engine/nn/records';
import { resolveDbPath, Store } from '../../store';
import { defineCommand, printJson } from '../command';
import { CommandError, text, UsageError, type Text } from '../text';

const FORMATS = ['csv', 'json', 'weights', 'pytorch'] as const;

const msg = {
  format: { en: '--format must be one of {formats}', zh: '--format 须为 {formats} 之一' },
  weights: { en: 'cannot export weights: {why}', zh: '无法导出权重：{why}' },
  written: { en: 'wrote {path}', zh: '已写入 {path}' },
  pytorchOut: { en: '--format pytorch needs --out DIR (a folder that does not exist yet)', zh: '--format pytorch 需要 --out DIR（一个尚不存在的文件夹）' },
  pytorch: { en: 'cannot export run {id} to PyTorch: {why}', zh: '无法将运行 {id} 导出为 PyTorch 项目：{why}' },
  pytorchWritten: { en: 'wrote {path}; run: python3 {path}/train.py --out bundle.json', zh: '已写入 {path}；运行：python3 {path}/train.py --out bundle.json' },
  cannotWrite: { en: 'cannot write {path}: {why}', zh: '无法写入 {path}：{why}' },
} satisfies Record<string, Text>;

const csvCell = (v: number) => (Number.isFinite(v) ? String(v) : '');

export function exportWeights(store: Store, runId: number): { preprocess: { mean: number[]; std: number[] } | null; layers: Record<string, unknown>[] } {
  const { weights, meta, spec } = loadRunWeights(store, runId, 'run');
  const net = buildNetwork((spec as ExperimentSpec).model, meta.inputs, meta.outputs, 'float32', { params: weights.params, state: weights.state });
  return { preprocess: meta.preprocess, layers: net.describe() };
}

export default defineCommand({
  name: 'export',
  summary: { en: 'export a run’s spec and metrics (or a network’s weights)', zh: '导出运行的设置与指标（或网络权重）' },
  positionals: [{ name: 'RUN_ID', required: true, help: { en: 'the run id (see `lab runs`)', zh: '运行编号（见 `lab runs`）' } }],
  options: {
    format: {
      kind: 'string',
      required: true,
      value: 'csv|json|weights|pytorch',
      help: { en: 'csv: series,step,value rows; json: run + series; weights: network weights; pytorch: a PyTorch project folder', zh: 'csv：series,step,value 行；json：运行与序列；weights：网络权重；pytorch：PyTorch 项目文件夹' },
    },
    out: { kind: 'string', value: 'FILE|DIR', help: { en: 'write to this file instead of stdout (pytorch: the folder to create)', zh: '写入此文件而非标准输出（pytorch：要创建的文件夹）' } },
    db: { kind: 'string', value: 'FILE', help: { en: 'database file (else $DESCENT_LAB_DB, else the app’s)', zh: '数据库文件（否则 $DESCENT_LAB_DB，再否则应用的数据库）' } },
  },
  run({ options: o, positionals }, io) {
    const runId = Number(positionals[0]);
    if (!Number.isInteger(runId) || runId <= 0) throw new UsageError({ en: `RUN_ID must be a positive integer, not ${JSON.stringify(positionals[0])}`, zh: `RUN_ID 须为正整数，而不是 ${JSON.stringify(positionals[0])}` });
    const format = o.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) throw new UsageError(text(msg.format, { formats: FORMATS.join(', ') }));
    if (format === 'pytorch') {
      if (o.out === undefined) throw new UsageError(msg.pytorchOut);
      const store = Store.open(resolveDbPath({ flag: o.db, env: io.env }));
      let path: string;
      let files: number;
      try {
        const project = buildPytorchExport(store, runId);
        path = writeFolder(o.out, project.files);
        files = project.files.length;
      } catch (e) {
        if (e instanceof ExportError || e instanceof FolderError) throw new CommandError(text(msg.pytorch, { id: runId, why: e.message }));
        throw e;
      } finally {
        store.close();
      }
      io.err(text(msg.pytorchWritten, { path })[io.lang] + '\n');
      return printJson(io, { runId, out: path, files });
    }
    const store = Store.open(resolveDbPath({ flag: o.db, env: io.env }));
    let body: string;
    try {
      const run = store.getRun(runId);
      if (format === 'weights') {
        try {
          body = JSON.stringify(exportWeights(store, runId)) + '\n';
        } catch (e) {
          if (e instanceof ExperimentError) throw new CommandError(text(msg.weights, { why: e.message }));
          throw e;
        }
      } else {
        const series = store.readSeries([runId]);
        if (format === 'json') {
          const bySeries = Object.fromEntries(series.map((s) => [s.name, { steps: s.steps, values: s.values.map((v) => (Number.isFinite(v) ? v : null)) }]));
          body = JSON.stringify({ run, series: bySeries }) + '\n';
        } else {
          const lines = ['series,step,value'];
          for (const s of series) s.steps.forEach((step, i) => lines.push(`${s.name},${step},${csvCell(s.values[i]!)}`));
          body = lines.join('\n') + '\n';
        }
      }
    } finally {
      store.close();
    }
    if (o.out === undefined) return io.out(body);
    try {
      writeFileSync(o.out, body);
    } catch (e) {
      throw new CommandError(text(msg.cannotWrite, { path: o.out, why: (e as Error).message }));
    }
    io.err(text(msg.written, { path: o.out })[io.lang] + '\n');
  },
});
