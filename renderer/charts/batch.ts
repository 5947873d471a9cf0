// Charts of the batch-size lab (LECTURE §3): per batch size (log₂ axis) the time per update and
// per epoch, the final accuracies, and the gradient noise at the shared initial weights.
import type { EChartsOption } from 'echarts';
import type { BatchStudyEntry, BatchStudyResult } from '../../preload/contract';
import { buildLineOption, type LineSeries } from './lines';
import { toCsv } from './csv';
import type { MessageKey } from '../i18n';

/** Every axis and legend name of the four charts, in the page's language (`t` is the page's translate). */
export function batchChartNames(t: (key: MessageKey) => string) {
  const x = t('batch.axisBatch');
  return {
    update: { x, y: t('batch.axisMsUpdate') },
    epoch: { x, y: t('batch.axisMsEpoch') },
    accuracy: { x, y: t('batch.axisAccuracy'), train: t('batch.train'), validation: t('batch.validation') },
    noise: { x, y: t('batch.axisNoise'), measured: t('batch.noiseMeasured'), predicted: t('batch.noisePredicted'), iid: t('batch.noiseIid') },
  };
}

/** Lines over batch size with every point marked (a study has only a handful). */
function batchOption(series: LineSeries[], yName: string, xName: string, dark: boolean, logY = false): EChartsOption {
  const option = buildLineOption({ series, xName, yName, logX: true, logY, legend: series.length > 1, dark });
  const all = option.series as { showSymbol?: boolean; symbolSize?: number }[];
  for (const s of all) {
    s.showSymbol = true;
    s.symbolSize = 7;
  }
  option.xAxis = { ...(option.xAxis as object), logBase: 2 };
  return option;
}

const pts = (entries: BatchStudyEntry[], get: (e: BatchStudyEntry) => number | null) =>
  entries.map((e) => [e.batchSize, get(e) ?? NaN] as [number, number]);

export function buildTimeOption(entries: BatchStudyEntry[], which: 'update' | 'epoch', names: { x: string; y: string }, dark: boolean): EChartsOption {
  const get = which === 'update' ? (e: BatchStudyEntry) => e.msPerUpdate : (e: BatchStudyEntry) => e.msPerEpoch;
  const color = which === 'update' ? '#4c8dff' : '#ff7a45';
  return batchOption([{ name: names.y, points: pts(entries, get), color }], names.y, names.x, dark);
}

export function buildAccuracyOption(
  entries: BatchStudyEntry[],
  names: { x: string; y: string; train: string; validation: string },
  dark: boolean,
): EChartsOption {
  return batchOption(
    [
      { name: names.train, points: pts(entries, (e) => e.trainAccuracy), color: '#2da44e' },
      { name: names.validation, points: pts(entries, (e) => e.valAccuracy), color: '#2da44e', dashed: true },
    ],
    names.y,
    names.x,
    dark,
  );
}

/** Measured and predicted noise, with σ²/B (the i.i.d. law) for reference, on log–log axes. */
export function buildNoiseOption(result: Pick<BatchStudyResult, 'noise'>, entries: BatchStudyEntry[], names: { x: string; y: string; measured: string; predicted: string; iid: string }, dark: boolean): EChartsOption {
  const s2 = result.noise.perSampleVariance;
  return batchOption(
    [
      { name: names.measured, points: pts(entries, (e) => e.noise), color: '#a371f7' },
      { name: names.predicted, points: pts(entries, (e) => e.noisePredicted), color: '#ff7a45', dashed: true },
      { name: names.iid, points: pts(entries, (e) => s2 / e.batchSize), color: '#8b949e', dashed: true },
    ],
    names.y,
    names.x,
    dark,
    true,
  );
}

export function batchCsv(entries: BatchStudyEntry[]): string {
  return toCsv(
    ['batch_size', 'run_id', 'status', 'threads', 'updates_per_epoch', 'ms_per_update', 'ms_per_epoch', 'train_accuracy', 'val_accuracy', 'train_loss', 'val_loss', 'noise_measured', 'noise_standard_error', 'noise_predicted'],
    entries.map((e) => [
      e.batchSize,
      e.runId,
      e.status,
      e.threads,
      e.updatesPerEpoch,
      e.msPerUpdate,
      e.msPerEpoch,
      e.trainAccuracy,
      e.valAccuracy,
      e.trainLoss,
      e.valLoss,
      e.noise,
      e.noiseStandardError,
      e.noisePredicted,
    ]),
  );
}

/** "8, 32, 128" → sorted distinct sizes, or the first bad piece. */
export function parseBatchSizes(text: string): { sizes: number[] } | { bad: string } {
  const parts = text.split(/[\s,，;]+/).filter(Boolean);
  const sizes: number[] = [];
  for (const p of parts) {
    const v = Number(p);
    if (!Number.isInteger(v) || v < 1 || v > 4096) return { bad: p };
    sizes.push(v);
  }
  if (sizes.length === 0) return { bad: '' };
  const unique = [...new Set(sizes)].sort((a, b) => a - b);
  return unique.length > 8 ? { bad: String(unique[8]) } : { sizes: unique };
}
