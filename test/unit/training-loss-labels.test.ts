// The training loss (full pass) on the renderer's side: the Network lab's form measures it for a
// new experiment and keeps a stored spec's choice; the course's curves draw it, named so, where a run has it and the mean mini-batch loss elsewhere.
import { describe, expect, it } from 'vitest';
import type { SeriesData } from '../../preload/contract';
import { experimentSpec } from '../../preload/experiment';
import { courseCurves } from '../../renderer/course/curves';
import { buildNetwork, networkForm, networkFormFrom } from '../../renderer/lab/networkForm';

const s = (runId: number, name: string, values: number[]): SeriesData => ({ runId, name, steps: values.map((_, i) => i + 1), values });

describe('training loss (full pass) in the renderer', () => {
  it('a new Network-lab experiment measures it; a stored spec keeps its own choice (absent: off)', () => {
    expect(buildNetwork(networkForm()).spec!.trainPass).toBe(true);
    const off = { ...networkForm(), trainPass: false };
    expect('trainPass' in buildNetwork(off).spec!).toBe(false);
    const stored = experimentSpec.parse({ data: { source: 'moons' }, model: [{ dense: 'output' }] });
    expect(networkFormFrom(stored, 'old').trainPass).toBe(false);
    expect(networkFormFrom({ ...stored, trainPass: true }, 'new').trainPass).toBe(true);
  });

  it('course curves: the full pass where a run has it, named so; the mini-batch mean elsewhere', () => {
    const names = { train: 'mean mini-batch loss', fullTrain: 'training loss (full pass)', validation: 'validation' };
    const c = courseCurves(
      [{ runId: 1, label: 'shallow' }, { runId: 2, label: 'deep-plain' }],
      [s(1, 'trainLoss', [0.9, 0.6]), s(1, 'fullTrainLoss', [0.8, 0.5]), s(1, 'valLoss', [1, 0.7]), s(2, 'trainLoss', [0.7, 0.69]), s(2, 'valLoss', [0.8, 0.8])],
      names,
    );
    expect(c.series.map((x) => x.name)).toEqual([
      'shallow · training loss (full pass)', 'shallow · validation', 'deep-plain · mean mini-batch loss', 'deep-plain · validation',
    ]);
    expect(c.series[0]!.points).toEqual([[1, 0.8], [2, 0.5]]);
  });
});
