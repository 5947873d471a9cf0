// LECTURE §4's "training stuck ≠ small gradient": a run's per-update loss and gradient norm on
// one chart, loss on the left axis and ‖g‖ on a log axis on the right.
import type { EChartsOption } from 'echarts';
import { toCsv } from './csv';
import { forLogAxis, valueAxis } from './lines';
import { lineColor } from './palette';

export interface StepSeries {
  steps: number[];
  values: number[];
}

export function buildLossGradOption(loss: StepSeries, grad: StepSeries, names: { x: string; loss: string; grad: string }, dark: boolean): EChartsOption {
  const text = dark ? '#c9d1d9' : '#444';
  const pts = (s: StepSeries) => s.steps.map((x, i) => [x, s.values[i]!] as [number, number]);
  const line = (name: string, data: [number, number | null][], color: string, yAxisIndex: number) => ({
    name,
    type: 'line' as const,
    yAxisIndex,
    data,
    showSymbol: false,
    sampling: 'lttb' as const,
    lineStyle: { width: 1.5, color },
    itemStyle: { color },
    animation: false,
  });
  return {
    animation: false,
    grid: { left: 64, right: 64, top: 36, bottom: 44 },
    legend: { top: 4, textStyle: { color: text } },
    tooltip: { trigger: 'axis', confine: true },
    xAxis: { ...valueAxis(names.x, true, false, dark), min: 'dataMin', max: 'dataMax' },
    yAxis: [valueAxis(names.loss, false, false, dark), { ...valueAxis(names.grad, false, true, dark), position: 'right', nameGap: 44, splitLine: { show: false } }],
    series: [line(names.loss, forLogAxis(pts(loss), false, false), lineColor(0), 0), line(names.grad, forLogAxis(pts(grad), false, true), lineColor(1), 1)],
  };
}

export function lossGradCsv(loss: StepSeries, grad: StepSeries): string {
  const g = new Map(grad.steps.map((s, i) => [s, grad.values[i]!]));
  return toCsv(['update', 'loss', 'grad_norm'], loss.steps.map((s, i) => [s, loss.values[i]!, g.get(s) ?? '']));
}
