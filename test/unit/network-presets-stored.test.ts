// A preset chosen after a stored experiment was opened (from History, a course "try this" or a
// restored draft) builds the preset's network: the stored experiment's own output part (here a
// tanh output layer with a sigmoid after it), its shuffle setting and its lack of a per-epoch full
// pass over the training data do not survive into a lecture preset.
import { describe, expect, it } from 'vitest';
import { experimentSpec } from '../../preload/experiment';
import { buildNetwork, networkForm, networkFormFrom, type Preset } from '../../renderer/lab/networkForm';
import { applyPreset } from '../../renderer/lab/networkPresets';

const stored = experimentSpec.parse({
  name: 'stored',
  seed: 3,
  data: { source: 'moons', samples: 200, noise: 0.1 },
  split: { validation: 0.2, test: 0, folds: 0 },
  model: [{ dense: 8, activation: 'relu' }, { dense: 'output', activation: 'tanh' }, { activation: 'sigmoid' }],
  loss: 'mse',
  optimizer: { name: 'sgd', lr: 0.1 },
  schedule: { name: 'constant' },
  batchSize: 16,
  epochs: 4,
  shuffle: false,
  trainPass: false,
});

function built(preset: Preset, start: ReturnType<typeof networkForm>) {
  applyPreset(start, preset);
  const { spec, errors } = buildNetwork(start);
  expect(errors).toEqual({});
  return spec!;
}

describe('a preset over a stored experiment', () => {
  it('the stored form keeps the stored output part (the precondition)', () => {
    const { spec } = buildNetwork(networkFormFrom(stored, 'stored'));
    expect(spec!.model.slice(-2)).toEqual([{ dense: 'output', activation: 'tanh' }, { activation: 'sigmoid' }]);
    expect(spec!.shuffle).toBe(false);
  });

  for (const preset of ['lectureShallow', 'lectureDeepPlain', 'lectureDeepResidual'] as const) {
    it(`${preset} gives the same experiment as from the defaults`, () => {
      const fromStored = built(preset, networkFormFrom(stored, 'stored'));
      const fromDefaults = built(preset, networkForm());
      // The seed is the student's, not the preset's.
      expect({ ...fromStored, seed: 0 }).toEqual({ ...fromDefaults, seed: 0 });
      expect(fromStored.model.at(-1)).toEqual({ dense: 'output', activation: 'linear' });
      expect(fromStored.shuffle).toBe(true);
      expect(fromStored.trainPass).toBe(true);
    });
  }

  for (const preset of ['mlp', 'shallow'] as const) {
    it(`${preset} replaces the network, output layer included, and keeps the rest`, () => {
      const spec = built(preset, networkFormFrom(stored, 'stored'));
      expect(spec.model).toEqual(built(preset, networkForm()).model);
      expect(spec.model.at(-1)).toEqual({ dense: 'output', activation: 'linear' });
      expect(spec).toMatchObject({ loss: 'mse', epochs: 4, batchSize: 16, shuffle: false, optimizer: { name: 'sgd' } });
    });
  }
});
