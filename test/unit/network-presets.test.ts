// The lecture's three presets set one whole experiment each, identical but for the layers: the
// plain deep net has the shallow net's layers twenty deep, the residual one the same twenty dense
// layers with shortcuts. The two layer presets leave the rest of the experiment as it was.
import { describe, expect, it } from 'vitest';
import { buildNetwork, networkForm } from '../../renderer/lab/networkForm';
import { COMPARISON, applyPreset } from '../../renderer/lab/networkPresets';
import type { Preset } from '../../renderer/lab/networkForm';

function specOf(preset: Preset, start = networkForm()) {
  applyPreset(start, preset);
  const { spec, errors } = buildNetwork(start);
  expect(errors).toEqual({});
  return spec!;
}
const denseLayers = (model: unknown[]) =>
  model.reduce<number>((n, l) => n + ('residual' in (l as object) ? (l as { residual: unknown[] }).residual.length : 'dense' in (l as object) ? 1 : 0), 0) - 1;

describe('Network lab presets', () => {
  it('give the lecture’s comparison one experiment, differing in the layers only', () => {
    const shallow = specOf('lectureShallow');
    const plain = specOf('lectureDeepPlain');
    const residual = specOf('lectureDeepResidual');
    const rest = (s: typeof shallow) => ({ ...s, model: null, name: null });
    expect(rest(plain)).toEqual(rest(shallow));
    expect(rest(residual)).toEqual(rest(shallow));
    expect(shallow.optimizer).toMatchObject({ name: 'sgdm', lr: COMPARISON.lr, momentum: COMPARISON.momentum });
    expect(shallow).toMatchObject({ init: 'xavier', epochs: 30, data: { source: 'moons', samples: 300 } });
    expect(denseLayers(shallow.model)).toBe(2);
    expect(denseLayers(plain.model)).toBe(20);
    expect(denseLayers(residual.model)).toBe(20);
    expect(residual.model.filter((l) => 'residual' in l)).toHaveLength(9);
  });

  it('set the whole experiment from any starting point (here: digits with Adam)', () => {
    const form = networkForm();
    form.source = 'digits';
    form.epochs = '500';
    expect(specOf('lectureDeepPlain', form)).toMatchObject({ epochs: 30, data: { source: 'moons' }, optimizer: { name: 'sgdm' } });
  });

  it('the layer presets change the layers only', () => {
    const form = networkForm();
    form.epochs = '7';
    const spec = specOf('shallow', form);
    expect(spec.epochs).toBe(7);
    expect(spec.optimizer.name).toBe('adam');
    expect(denseLayers(spec.model)).toBe(1);
  });
});
