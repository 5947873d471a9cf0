// What History calls an experiment: its stored kind, except that a 'surface' experiment which is
// no error-surface race (the course's measurements: model-size studies, bound sampling, softmax,
// loss grids) is a "course measurement". Course measurements are marked at creation
// (`measurement: true` in the spec); older ones are recognised by a spec without a surface (`fn`).
import type { ExperimentRow } from '../../preload/contract';

export type ExperimentKindLabel = 'network' | 'surface' | 'measurement';

export function experimentKindLabel(row: Pick<ExperimentRow, 'kind' | 'spec'>): ExperimentKindLabel {
  if (row.kind === 'network') return 'network';
  const spec = row.spec && typeof row.spec === 'object' ? (row.spec as Record<string, unknown>) : {};
  if (spec.measurement === true) return 'measurement';
  return typeof spec.fn === 'string' ? 'surface' : 'measurement';
}
