// The batch-size lab's form parsing and charts (log₂ batch axis, every point marked, CSV per batch size).
import { describe, expect, it } from 'vitest';
import type { BatchStudyEntry } from '../../../preload/contract';
import { batchCsv, buildNoiseOption, buildTimeOption, parseBatchSizes } from '../../../renderer/charts/batch';

const entry = (batchSize: number, noise: number): BatchStudyEntry => ({
  batchSize, runId: batchSize, status: 'completed', updatesPerEpoch: Math.ceil(100 / batchSize), threads: 1, epochs: 2, epochMs: [4, 6],
  msPerEpoch: 5, msPerUpdate: 5 / Math.ceil(100 / batchSize), trainAccuracy: 0.9, valAccuracy: null, trainLoss: 0.3, valLoss: null,
  noise, noiseStandardError: noise / 10, noisePredicted: noise,
});

describe('batch lab form and charts', () => {
  it('parses a batch-size list: sorted, distinct; names the first bad piece', () => {
    expect(parseBatchSizes('512, 8,32 ，8')).toEqual({ sizes: [8, 32, 512] });
    expect(parseBatchSizes('8, 0')).toEqual({ bad: '0' });
    expect(parseBatchSizes('8, 2.5')).toEqual({ bad: '2.5' });
    expect(parseBatchSizes('  ')).toEqual({ bad: '' });
    expect(parseBatchSizes('1 2 3 4 5 6 7 8 9')).toEqual({ bad: '9' });
  });

  it('plots over a log₂ batch axis with markers, σ²/B as the reference', () => {
    const entries = [entry(10, 1), entry(50, 0.16)];
    const time = buildTimeOption(entries, 'update', { x: 'B', y: 'ms' }, false) as { xAxis: { type: string; logBase: number }; series: { data: unknown[]; showSymbol: boolean }[] };
    expect(time.xAxis).toMatchObject({ type: 'log', logBase: 2 });
    expect(time.series[0]!.showSymbol).toBe(true);
    expect(time.series[0]!.data).toEqual([[10, 0.5], [50, 2.5]]);
    const noise = buildNoiseOption({ noise: { perSampleVariance: 8, fullGradientNormSq: 1, draws: 4 } }, entries, { x: 'B', y: 'n', measured: 'm', predicted: 'p', iid: 'i' }, true) as { series: { name: string; data: unknown[] }[] };
    expect(noise.series.find((s) => s.name === 'i')!.data).toEqual([[10, 0.8], [50, 0.16]]);
  });

  it('exports one CSV row per batch size, empty cells for missing values', () => {
    const lines = batchCsv([entry(10, 1)]).trim().split('\r\n');
    expect(lines[0]!.startsWith('batch_size,run_id,status,threads,updates_per_epoch,ms_per_update,ms_per_epoch')).toBe(true);
    expect(lines[1]).toBe('10,10,completed,1,10,0.5,5,0.9,,0.3,,1,0.1,1');
  });
});
