// The Network lab's builder must hold any stored experiment exactly: spec → form → spec is the
// identity, for the presets, every network experiment the course writes (Course §1's residual
// blocks x + σ(Wx + b) among them) and specs that use each layer option the format has.
import { describe, expect, it } from 'vitest';
import { reactive } from 'vue';
import { experimentSpec, type ExperimentInput, type ExperimentSpec } from '../../preload/experiment';
import { buildNetwork, networkForm, networkFormFrom, PRESETS } from '../../renderer/lab/networkForm';
import { applyPreset } from '../../renderer/lab/networkPresets';
import { depthSpec, mismatchSpec } from '../../main/course/sections/s1-guide';
import { batchSpec } from '../../main/course/sections/s3-batch-momentum';
import { warmupSpec } from '../../main/course/sections/s4-adaptive-lr';
import { surveySpec } from '../../main/course/sections/s7-optimizers';
import * as courseExperiments from '../../main/course/sections/experiments';

function roundTrip(spec: ExperimentSpec): ExperimentSpec | null {
  const { spec: back, errors } = buildNetwork(networkFormFrom(spec, spec.name));
  expect(errors).toEqual({});
  return back;
}
const parse = (input: ExperimentInput) => experimentSpec.parse(input);

const base = { name: 'hand-written', data: { source: 'spiral', samples: 200, noise: 0.1 } } as const;
const handWritten: [string, ExperimentInput][] = [
  ['dense layers with each activation', { ...base, model: [{ dense: 8, activation: 'gelu' }, { dense: 5, activation: 'leaky-relu' }, { dense: 7 }, { dense: 'output' }] }],
  ['a lone activation layer', { ...base, model: [{ dense: 8 }, { activation: 'tanh' }, { dense: 'output' }] }],
  ['dropout', { ...base, model: [{ dense: 8, activation: 'relu' }, { dropout: 0.35 }, { dense: 'output' }] }],
  ['batch norm with its own momentum and ε', { ...base, model: [{ dense: 8 }, { batchnorm: { momentum: 0.3, eps: 0.001 } }, { activation: 'relu' }, { dense: 'output' }] }],
  ['batch norm with defaults', { ...base, model: [{ dense: 8 }, { batchnorm: {} }, { dense: 'output' }] }],
  ['layer norm with its own ε', { ...base, model: [{ dense: 8 }, { layernorm: { eps: 0.01 } }, { dense: 'output' }] }],
  ['Course §1 block x + σ(Wx + b)', { ...base, model: [{ dense: 8, activation: 'sigmoid' }, { residual: [{ dense: 8, activation: 'sigmoid' }] }, { dense: 'output' }] }],
  ['the builder’s own block', { ...base, model: [{ dense: 8 }, { residual: [{ dense: 8, activation: 'relu' }, { dense: 8 }], activation: 'relu' }, { dense: 'output' }] }],
  [
    'a block of every inner kind, with an outer activation',
    {
      ...base,
      model: [
        { dense: 8 },
        {
          residual: [{ layernorm: { eps: 0.002 } }, { dense: 12, activation: 'gelu' }, { dropout: 0.1 }, { batchnorm: { momentum: 0.2 } }, { activation: 'tanh' }, { dense: 8 }],
          activation: 'leaky-relu',
        },
        { dense: 'output' },
      ],
    },
  ],
  ['a block of more layers than the builder makes', { ...base, model: [{ dense: 4 }, { residual: Array.from({ length: 12 }, () => ({ dense: 4, activation: 'relu' as const })) }, { dense: 'output' }] }],
  ['an output layer of fixed size followed by an activation', { ...base, model: [{ dense: 8, activation: 'relu' }, { dense: 3 }, { activation: 'sigmoid' }], loss: 'mse' }],
  ['no top-level dense layer at all', { ...base, model: [{ residual: [{ dense: 2, activation: 'tanh' }] }] }],
  ['a hidden layer sized from the data', { ...base, model: [{ dense: 'output', activation: 'relu' }, { dense: 'output' }] }],
  ['no reshuffling between epochs', { ...base, model: [{ dense: 8 }, { dense: 'output' }], shuffle: false }],
];

describe('Network lab builder round trip (spec → form → spec)', () => {
  it.each(PRESETS)('keeps the %s preset', (preset) => {
    const form = networkForm();
    applyPreset(form, preset);
    const { spec } = buildNetwork(form);
    expect(spec).not.toBeNull();
    expect(roundTrip(spec!)).toEqual(spec);
  });

  const course: [string, ExperimentSpec][] = [
    ...(['shallow', 'deep-plain', 'deep-residual'] as const).map((k): [string, ExperimentSpec] => [`§1 depth ${k}`, depthSpec(k, 1) as ExperimentSpec]),
    ['§1 mismatch', mismatchSpec(1, 300, true) as ExperimentSpec],
    ['§3 batch', batchSpec(1, 16, 2) as ExperimentSpec],
    ['§4 warm-up', warmupSpec(1, true) as ExperimentSpec],
    ['§4 no warm-up', warmupSpec(1, false) as ExperimentSpec],
    ['§7 survey', surveySpec(1) as ExperimentSpec],
  ];
  // Every "try this" of every section that opens in the Network lab.
  for (const [key, list] of Object.entries(courseExperiments)) {
    if (!key.startsWith('try') || !Array.isArray(list)) continue;
    for (const t of list as { id: string; lab: string; spec?: unknown }[]) if (t.lab === 'network' && t.spec) course.push([`${key} ${t.id}`, experimentSpec.parse(t.spec)]);
  }

  it('has the course’s network experiments to check', () => {
    expect(course.length).toBeGreaterThan(12);
    expect(course.some(([, s]) => s.model.some((l) => 'residual' in l))).toBe(true);
  });

  it.each(course)('keeps the course’s %s experiment', (_, spec) => {
    expect(roundTrip(spec)).toEqual(spec);
  });

  it.each(handWritten)('keeps %s', (_, input) => {
    const spec = parse(input);
    expect(roundTrip(spec)).toEqual(spec);
  });

  it('builds from the page’s reactive form too (its proxies cannot be structured-cloned)', () => {
    const spec = parse(handWritten[8]![1]);
    expect(buildNetwork(reactive(networkFormFrom(spec, spec.name))).spec).toEqual(spec);
  });

  it('rebuilds a kept Course §1 block when only its outer activation is changed', () => {
    const spec = parse(handWritten[6]![1]);
    const form = networkFormFrom(spec, spec.name);
    form.layers[1]!.activation = 'relu';
    expect(buildNetwork(form).spec!.model[1]).toEqual({ residual: [{ dense: 8, activation: 'sigmoid' }], activation: 'relu' });
  });
});
