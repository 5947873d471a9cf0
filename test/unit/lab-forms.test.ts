// The lab's form validation: typed text → spec, or errors named at their fields. Nothing invalid
// may reach main, and every optimizer/schedule must be editable with its spec defaults shown.
import { describe, expect, it } from 'vitest';
import { OPTIMIZER_NAMES, SCHEDULE_NAMES, optimizerSpec, scheduleSpec } from '../../preload/spec';
import {
  buildRace,
  newEntry,
  optimizerFields,
  parseNumber,
  raceFormFrom,
  scheduleFormFrom,
  scheduleStarter,
  uniqueLabels,
  type RaceForm,
} from '../../renderer/lab/forms';
import { tidy } from '../../renderer/lab/tidy';

const form = (patch: Partial<RaceForm> = {}): RaceForm => ({
  fn: 'rosenbrock', startX: '-1.5', startY: '2', steps: '100', seed: '1', entries: [newEntry('adam', 0.05), newEntry('sgdm', 0.001)], ...patch,
});

describe('number parsing', () => {
  it('accepts decimal and exponent forms only', () => {
    expect(parseNumber('1e-3')).toBe(0.001);
    expect(parseNumber(' -0.5 ')).toBe(-0.5);
    expect(parseNumber('.5')).toBe(0.5);
    for (const bad of ['', 'abc', '1,5', '0x10', 'Infinity', '1e', '--1', '1 2']) expect(parseNumber(bad), bad).toBeNull();
  });
});

describe('defaults', () => {
  it('pre-fills every optimizer with the spec’s own defaults', () => {
    for (const name of OPTIMIZER_NAMES) {
      const fields = optimizerFields(name);
      const defaults = optimizerSpec.parse(name === 'lookahead' ? { name, inner: { name: 'adam' } } : { name }) as unknown as Record<string, unknown>;
      for (const f of fields) expect(f.defaultValue, `${name}.${f.key}`).toEqual(defaults[f.key]);
    }
    expect(optimizerFields('adam').map((f) => f.key)).toEqual(['lr', 'beta1', 'beta2', 'eps', 'amsgrad', 'weightDecay']);
  });

  it('starts every schedule valid for the run', () => {
    for (const name of SCHEDULE_NAMES) expect(scheduleSpec.safeParse(scheduleStarter(name, 300, 0.01)).success, name).toBe(true);
    expect(scheduleStarter('cosine', 300, 0.01)).toEqual({ name: 'cosine', tMax: 300, etaMin: 0 });
  });
});

describe('race validation', () => {
  it('builds the spec main will accept', () => {
    const { spec, errors } = buildRace(form());
    expect(errors).toEqual({});
    expect(spec!.entries.map((e) => [e.label, e.optimizer.name, (e.optimizer as { lr: number }).lr])).toEqual([
      ['adam', 'adam', 0.05],
      ['sgdm', 'sgdm', 0.001],
    ]);
    expect(spec!.start).toEqual([-1.5, 2]);
  });

  it('refuses a non-numeric learning rate at its field, and sends nothing', () => {
    const f = form();
    f.entries[1]!.optimizer.values.lr = 'fast';
    const { spec, errors } = buildRace(f);
    expect(spec).toBeNull();
    expect(errors['entries.1.optimizer.lr']).toEqual({ key: 'validation.notNumber', params: { text: 'fast' } });
  });

  it('names out-of-range values with their bound', () => {
    const f = form();
    f.entries[0]!.optimizer.values.beta1 = '1';
    f.entries[1]!.optimizer.values.lr = '0';
    const { errors } = buildRace(f);
    expect(errors['entries.0.optimizer.beta1']).toEqual({ key: 'validation.lt', params: { max: '1' } });
    expect(errors['entries.1.optimizer.lr']).toEqual({ key: 'validation.gt', params: { min: '0' } });
  });

  it('checks start, steps, nested schedules and lookahead’s inner optimizer', () => {
    const la = newEntry('lookahead');
    la.optimizer.inner!.values.lr = '-1';
    la.schedule = scheduleFormFrom(scheduleStarter('warmup', 100, 0.01));
    la.schedule.then!.values.tMax = '2.5';
    const { errors } = buildRace(form({ startX: '', steps: '0', entries: [la] }));
    expect(errors['start.x']).toEqual({ key: 'validation.required' });
    expect(errors['entries.0.optimizer.inner.lr']?.key).toBe('validation.gt');
    expect(errors['entries.0.schedule.then.tMax']?.key).toBe('validation.notInteger');
    const stepsOnly = buildRace(form({ steps: '0' })).errors;
    expect(stepsOnly.steps).toEqual({ key: 'validation.min', params: { min: '1' } });
  });

  it('reports the spec’s cross-field rules in words', () => {
    const f = form();
    f.entries[0] = newEntry('sgd');
    f.entries[0].optimizer.values.nesterov = true;
    expect(buildRace(f).errors['entries.0.optimizer.nesterov']).toEqual({ key: 'validation.nesterov' });
  });

  it('round-trips a saved spec back into the form', () => {
    const { spec } = buildRace(form());
    expect(buildRace(raceFormFrom(spec!)).spec).toEqual(spec);
  });

  it('gives repeated labels a number so trajectories stay distinct', () => {
    expect(uniqueLabels([{ label: '', name: 'adam' }, { label: '', name: 'adam' }, { label: 'x', name: 'sgd' }])).toEqual(['adam', 'adam #2', 'x']);
  });
});

describe('click rounding', () => {
  it('rounds a clicked coordinate to 1/200 of the view at most', () => {
    expect(tidy(0.123456, 4)).toBe(0.12);
    expect(tidy(-1.23456, 40)).toBe(-1.2);
    expect(tidy(0.004, 4)).toBe(0);
  });
});
