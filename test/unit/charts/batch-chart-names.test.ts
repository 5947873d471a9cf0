// The batch lab's four charts name their axes and lines in the page's language, empty (before a
// study) as well as filled: the page hands the builders the names batchChartNames gives for it.
import { describe, expect, it } from 'vitest';
import { batchChartNames, buildAccuracyOption, buildNoiseOption, buildTimeOption } from '../../../renderer/charts/batch';
import { translate, type Locale } from '../../../renderer/i18n/messages';

type Named = { xAxis: { name: string }; yAxis: { name: string }; series: { name: string }[] };

function chartsIn(locale: Locale) {
  const names = batchChartNames((key) => translate(locale, key));
  const noResult = { noise: { perSampleVariance: NaN, fullGradientNormSq: NaN, draws: 0 } };
  const charts = [
    buildTimeOption([], 'update', names.update, false),
    buildTimeOption([], 'epoch', names.epoch, false),
    buildAccuracyOption([], names.accuracy, false),
    buildNoiseOption(noResult, [], names.noise, false),
  ] as unknown as Named[];
  return charts.map((c) => ({ x: c.xAxis.name, y: c.yAxis.name, lines: c.series.map((s) => s.name) }));
}

describe('batch lab chart names', () => {
  it('are English in en', () => {
    const [update, epoch, accuracy, noise] = chartsIn('en');
    expect(update).toEqual({ x: 'batch size B', y: 'ms per update', lines: ['ms per update'] });
    expect(epoch).toEqual({ x: 'batch size B', y: 'ms per epoch', lines: ['ms per epoch'] });
    expect(accuracy).toEqual({ x: 'batch size B', y: 'accuracy', lines: ['train', 'validation'] });
    expect(noise!.x).toBe('batch size B');
  });

  it('are Chinese in zh-CN, on every axis and line of all four charts', () => {
    const charts = chartsIn('zh-CN');
    const [update, epoch, accuracy, noise] = charts;
    expect(update).toEqual({ x: '批次大小 B', y: '每次更新毫秒数', lines: ['每次更新毫秒数'] });
    expect(epoch).toEqual({ x: '批次大小 B', y: '每轮毫秒数', lines: ['每轮毫秒数'] });
    expect(accuracy).toEqual({ x: '批次大小 B', y: '准确率', lines: ['训练', '验证'] });
    expect(noise!.lines).toEqual(['实测', '公式预测', 'σ²/B（独立同分布）']);
    // Nothing left in English: every word-bearing name differs from its en counterpart (the noise axis is a formula).
    const en = chartsIn('en');
    charts.forEach((c, i) => {
      expect(c.x).not.toBe(en[i]!.x);
      if (i < 3) expect(c.y).not.toBe(en[i]!.y);
      c.lines.forEach((line, k) => expect(line).not.toBe(en[i]!.lines[k]));
    });
  });
});
