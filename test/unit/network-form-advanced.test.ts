// The Network lab's Advanced section: every optional part of the experiment format built from the
// form, accepted by preload/experiment.ts's own schema, reopened by networkFormFrom with the same
// values, and each bad value named at the field that holds it.
import { describe, expect, it } from 'vitest';
import { experimentSpec } from '../../preload/experiment';
import { advancedChanged, buildNetwork, networkForm, networkFormFrom, type NetworkForm } from '../../renderer/lab/networkForm';

function filled(patch: Partial<NetworkForm['advanced']> = {}, source: NetworkForm['source'] = 'spiral'): NetworkForm {
  const form = networkForm();
  form.source = source;
  Object.assign(form.advanced, patch);
  return form;
}

const everything = {
  threads: '2',
  folds: '3',
  l2: '0.0001',
  earlyStopping: true,
  patience: '4',
  minDelta: '0.001',
  init: 'fromRun' as const,
  fromRun: '17',
  labelNoise: '0.1',
  shift: true,
  shiftOffset: '0.5',
  shiftScale: '2',
  shiftRotate: '30',
  shiftApplyTo: 'both' as const,
  curriculum: true,
  curriculumBy: 'noise' as const,
  curriculumEpochs: '5',
};

describe('the Advanced section of the network builder', () => {
  it('builds a spec the schema accepts and that reopens unchanged', () => {
    const { spec, errors } = buildNetwork(filled(everything));
    expect(errors).toEqual({});
    expect(spec).not.toBeNull();
    // The very schema `lab run` and main apply, on the JSON a student would save.
    const reparsed = experimentSpec.parse(JSON.parse(JSON.stringify(spec)));
    expect(reparsed).toEqual(spec);
    expect(spec!.split.folds).toBe(3);
    expect(spec!.threads).toBe(2);
    expect(spec!.l2).toBe(1e-4);
    expect(spec!.earlyStopping).toEqual({ patience: 4, minDelta: 0.001 });
    expect(spec!.init).toEqual({ fromRun: 17 });
    expect(spec!.data).toMatchObject({ labelNoise: 0.1, shift: { offset: 0.5, scale: 2, rotate: 30, applyTo: 'both' } });
    expect(spec!.curriculum).toEqual({ by: 'noise', epochs: 5 });

    const reopened = networkFormFrom(spec!, spec!.name);
    expect(reopened.advanced).toMatchObject(everything);
    expect(advancedChanged(reopened.advanced)).toBe(true);
    expect(buildNetwork(reopened).spec).toEqual(spec);
  });

  it('leaves the optional parts out by default, as before', () => {
    const { spec } = buildNetwork(networkForm());
    expect(spec).not.toBeNull();
    for (const key of ['threads', 'earlyStopping', 'augment', 'curriculum'] as const) expect(spec![key]).toBeUndefined();
    expect(spec!.init).toBe('he');
    expect(spec!.l2).toBe(0);
    expect(spec!.split.folds).toBe(0);
    expect((spec!.data as { shift?: unknown }).shift).toBeUndefined();
    expect(networkFormFrom(spec!, spec!.name).advanced).toEqual(networkForm().advanced);
    expect(advancedChanged(networkFormFrom(spec!, spec!.name).advanced)).toBe(false);
  });

  it('round-trips augmentation for images, and ignores it elsewhere', () => {
    const digits = buildNetwork(filled({ augment: true, flip: true, augmentShift: '2', augmentRotate: '15', init: 'xavier' }, 'digits'));
    expect(digits.errors).toEqual({});
    expect(digits.spec!.augment).toEqual({ flip: true, shift: 2, rotate: 15 });
    expect(digits.spec!.init).toBe('xavier');
    const reopened = networkFormFrom(digits.spec!, digits.spec!.name);
    expect(reopened.advanced).toMatchObject({ augment: true, flip: true, augmentShift: '2', augmentRotate: '15', init: 'xavier' });
    expect(buildNetwork(reopened).spec).toEqual(digits.spec);
    // Shifting or rotating 2-D points is no "sensible transform" of an image: not offered, not written.
    expect(buildNetwork(filled({ augment: true }, 'spiral')).spec!.augment).toBeUndefined();
  });

  it('names each bad value at its own field', () => {
    const bad = (patch: Partial<NetworkForm['advanced']>, source: NetworkForm['source'] = 'spiral') => buildNetwork(filled(patch, source)).errors;
    expect(bad({ l2: '-1' })).toEqual({ l2: { key: 'validation.min', params: { min: '0' } } });
    expect(bad({ l2: 'big' })).toEqual({ l2: { key: 'validation.notNumber', params: { text: 'big' } } });
    expect(bad({ folds: '1' })).toEqual({ 'split.folds': { key: 'net.adv.foldsRange' } });
    expect(bad({ folds: '21' })).toEqual({ 'split.folds': { key: 'net.adv.foldsRange' } });
    expect(bad({ threads: '0' })).toEqual({ threads: { key: 'validation.min', params: { min: '1' } } });
    expect(Object.keys(bad({ earlyStopping: true, patience: '0' }))).toEqual(['earlyStopping.patience']);
    expect(Object.keys(bad({ earlyStopping: true, minDelta: '-0.1' }))).toEqual(['earlyStopping.minDelta']);
    expect(bad({ init: 'fromRun', fromRun: '' })).toEqual({ 'init.fromRun': { key: 'validation.required' } });
    expect(Object.keys(bad({ labelNoise: '1' }))).toEqual(['data.labelNoise']);
    expect(Object.keys(bad({ shift: true, shiftScale: '0' }))).toEqual(['data.shift.scale']);
    expect(Object.keys(bad({ shift: true, shiftRotate: '200' }))).toEqual(['data.shift.rotate']);
    expect(Object.keys(bad({ augment: true, augmentShift: '9' }, 'digits'))).toEqual(['augment.shift']);
    expect(Object.keys(bad({ augment: true, augmentRotate: '50' }, 'digits'))).toEqual(['augment.rotate']);
    // More curriculum epochs than training epochs (15 by default): the schema's cross-field rule.
    expect(Object.keys(bad({ curriculum: true, curriculumEpochs: '16' }))).toEqual(['curriculum.epochs']);
  });

  it('refuses early stopping without anything to stop on', () => {
    const form = filled({ earlyStopping: true });
    form.validation = '0';
    expect(Object.keys(buildNetwork(form).errors)).toEqual(['earlyStopping.patience']);
    // With folds every fold has its own held-out part, so the validation fraction may be 0.
    form.advanced.folds = '3';
    expect(buildNetwork(form).errors).toEqual({});
  });
});
