// The minimum-ratio study's scatter (LECTURE §2: training loss vs minimum ratio, one point per
// network, coloured by the kind of point) and its CSV.
import type { EChartsOption } from 'echarts';
import type { MinRatioPoint } from '../../preload/analysis';
import type { CriticalKind } from '../../preload/contract';
import { toCsv } from './csv';
import { valueAxis } from './lines';
import { NEGATIVE_EIGEN, POSITIVE_EIGEN } from './palette';

export const KIND_COLORS: Record<CriticalKind, string> = {
  saddle: NEGATIVE_EIGEN,
  'local-min': POSITIVE_EIGEN,
  'local-max': '#b37feb',
  degenerate: '#faad14',
  'not-critical': '#8c8c8c',
};

const KIND_ORDER: CriticalKind[] = ['saddle', 'local-min', 'degenerate', 'local-max', 'not-critical'];

/** The point nearest (x, y) in the chart's axes scaled to [0, 1] each, or −1 when none is near. */
export function nearestPoint(points: MinRatioPoint[], x: number, y: number, yRange: [number, number], near = 0.06): number {
  const dy = yRange[1] - yRange[0] || 1;
  let best = -1;
  let bestD = near;
  points.forEach((p, i) => {
    const d = Math.hypot(p.minimumRatio - x, (p.loss - y) / dy);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  return best;
}

export function buildMinRatioOption(
  points: MinRatioPoint[],
  names: { x: string; y: string; kind: (k: CriticalKind) => string },
  selected: number,
  dark: boolean,
): EChartsOption {
  // Coloured by the curvature: the polish ends near, not always within, the critical tolerance.
  const series = KIND_ORDER.filter((k) => points.some((p) => p.curvature === k)).map((k) => ({
    name: names.kind(k),
    type: 'scatter' as const,
    symbolSize: 9,
    itemStyle: { color: KIND_COLORS[k] },
    data: points.flatMap((p, i) => (p.curvature === k ? [{ value: [p.minimumRatio, p.loss, i], symbolSize: i === selected ? 16 : 9 }] : [])),
  }));
  const text = dark ? '#c9d1d9' : '#444';
  return {
    animation: false,
    grid: { left: 64, right: 16, top: 40, bottom: 44 },
    legend: { top: 4, textStyle: { color: text } },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const i = ((p as { value: number[] }).value[2] ?? 0) as number;
        const q = points[i]!;
        return `w = ${q.width}, seed ${q.seed}<br/>ratio ${q.minimumRatio.toFixed(3)}, loss ${q.loss.toExponential(3)}<br/>‖g‖ ${q.gradientNorm.toExponential(2)} (${names.kind(q.kind)})`;
      },
    },
    xAxis: { ...valueAxis(names.x, true, false, dark), min: 0, max: 1 },
    yAxis: valueAxis(names.y, false, false, dark, 56),
    series,
  };
}

export function minRatioCsv(points: MinRatioPoint[]): string {
  return toCsv(
    ['width', 'seed', 'params', 'trained_loss', 'loss', 'gradient_norm', 'newton_steps', 'minimum_ratio', 'negative', 'lowest', 'highest', 'kind', 'curvature'],
    points.map((p) => [
      p.width,
      p.seed,
      p.params,
      p.trainedLoss,
      p.loss,
      p.gradientNorm,
      p.newtonSteps,
      p.minimumRatio,
      p.negative,
      p.lowest,
      p.highest,
      p.kind,
      p.curvature,
    ]),
  );
}
