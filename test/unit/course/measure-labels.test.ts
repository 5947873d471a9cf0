// Every name the course shows from the engine's keys — the verdicts' measured values, the roles of
// the runs behind a chart, the series a measurement stores and the pre-set experiments' settings —
// has a label in both languages. The keys are collected from the seven sections themselves: each
// section's verdicts run on stand-in runs for every role they ask for, so a key added to a verdict
// without a label fails here.
import { describe, expect, it } from 'vitest';
import { SECTIONS } from '../../../main/course/sections';
import type { RunsByRole, StoredRun } from '../../../main/course/types';
import { courseMeasuresEn, courseMeasuresZh, courseTermKey, type CourseTermKind } from '../../../renderer/i18n/course-measures';
import { translate, type Locale, type MessageKey, type Params } from '../../../renderer/i18n/messages';
import { courseSettingValue, courseTerm } from '../../../renderer/course/format';
import { courseCurves } from '../../../renderer/course/curves';

const tr = (locale: Locale) => (key: MessageKey, params?: Params) => translate(locale, key, params);
const en = tr('en');
const zh = tr('zh-CN');

/** Roles named with a number (the sweeps), as the sections build them. */
const NUMBERED = ['size-1', 'size-8', 'size-64', 'batch-4', 'batch-1024', 'n-50', 'n-3200', 'h-100', 'h-10000', 'net-w3', 'net-w8'];

function standIn(role: string): StoredRun {
  // Any series a verdict reads has a few points, so the keys it reports only for a measured curve appear too.
  const series = new Proxy({} as Record<string, number[]>, { get: (_, name) => (typeof name === 'string' ? [1, 0.5, 0.25] : undefined) });
  return { runId: 1, role, seed: 1, status: 'completed', summary: {}, series };
}

/** Stand-in runs for every role a verdict asks for; the roles asked for are recorded. */
function recordingRuns(asked: Set<string>): RunsByRole {
  return new Proxy({} as RunsByRole, {
    get: (_, role) => {
      if (typeof role !== 'string') return undefined;
      asked.add(role);
      return [standIn(role)];
    },
    ownKeys: () => NUMBERED,
    getOwnPropertyDescriptor: (_, role) => ({ value: [standIn(String(role))], enumerable: true, configurable: true, writable: false }),
  });
}

function collect() {
  const measured = new Set<string>();
  const roles = new Set<string>(NUMBERED);
  const series = new Set<string>();
  for (const section of SECTIONS) {
    const asked = new Set<string>();
    for (const check of section.verdicts(recordingRuns(asked))) {
      for (const key of Object.keys(check.measured)) measured.add(key);
      for (const role of Object.keys(check.runs)) roles.add(role);
    }
    for (const role of asked) roles.add(role);
    for (const role of roles) {
      const names = typeof section.series === 'function' ? section.series(role) : (section.series[role] ?? []);
      for (const n of names) series.add(n);
    }
  }
  return { measured, roles, series };
}

const { measured, roles, series } = collect();
const LATIN_WORD = /\b[a-z]{3,}\b/i;
/** Technical names the Chinese UI keeps (optimizers, functions, symbols). */
const KEPT = /^(adam|adamw|amsgrad|radam|adagrad|rmsprop|sgd|sgdw|sgdr|swats|lookahead|softmax|logit|logits|cycle|ln|cosh|max|min|all|train)$/i;

function expectLabelled(kind: CourseTermKind, raw: string) {
  const k = courseTermKey(kind, raw);
  expect(k, `${kind} “${raw}” has no label`).not.toBeNull();
  const e = en(k!.key, k!.params);
  const z = zh(k!.key, k!.params);
  expect(e.trim().length, raw).toBeGreaterThan(0);
  expect(z.trim().length, raw).toBeGreaterThan(0);
  expect(e, `${raw}: a placeholder left`).not.toMatch(/\{\w+\}/);
  expect(z, `${raw}: a placeholder left`).not.toMatch(/\{\w+\}/);
  // No camelCase identifier, and no English word other than a technical name, in the Chinese label.
  expect(z, raw).not.toMatch(/\b[a-z]+[A-Z]/);
  const words = z.match(new RegExp(LATIN_WORD.source, 'gi')) ?? [];
  expect(words.filter((w) => !KEPT.test(w)), `${raw}: English in “${z}”`).toEqual([]);
}

describe('course measure labels', () => {
  it('collects the keys the seven sections produce', () => {
    // A sanity floor, so a broken collection cannot pass by collecting nothing.
    expect(measured.size).toBeGreaterThan(100);
    for (const k of ['halfLambdaEpsSquared', 'gdFinalX', 'badFraction_50', 'bound_3200', 'gapSmallH', 'radamToWarmup', 'innerSwing', 'switchStep', 'suggestedLr', 'trainLoss_8']) expect(measured).toContain(k);
    for (const r of ['mse-surface', 'ce-surface', 'deep-plain', 'gd-large', 'online-amsgrad', 'onecycle']) expect(roles).toContain(r);
    expect(series).toContain('drop');
  });

  it('labels every measured value in both languages', () => {
    for (const key of measured) expectLabelled('measure', key);
  });

  it('labels every role and every drawn series in both languages', () => {
    for (const role of roles) expectLabelled('role', role);
    // Stored besides the verdicts' series and drawn by the charts: the U curve's prediction and the bound's curves.
    for (const name of [...series, 'prediction', 'badFraction', 'bound']) expectLabelled('series', name);
  });

  it('labels every setting of the pre-set experiments and translates the words in their values', () => {
    for (const section of SECTIONS)
      for (const e of section.info.experiments)
        for (const [key, value] of Object.entries(e.settings)) {
          expectLabelled('param', key);
          const z = courseSettingValue(key, value, zh);
          expect(z, `${key} = ${z}`).not.toMatch(/\b(course|bins|points|updates|vs|or|up|seed)\b/);
        }
    expect(courseSettingValue('surface', 'x²/1000 + ln cosh(10y) (course)', zh)).toBe('x²/1000 + ln cosh(10y) (课程)');
    expect(courseSettingValue('surface', 'x²/1000 + ln cosh(10y) (course)', en)).toBe('x²/1000 + ln cosh(10y) (course)');
    expect(courseSettingValue('model', 'piecewise-constant', zh)).toBe('piecewise-constant');
    expect(courseSettingValue('lr', 0.05, zh)).toBe('0.05');
    expect(courseSettingValue('data', 'sine (40 points)', zh)).toBe(`${zh('net.source.sine')} · 40 个点`);
    expect(courseSettingValue('data', 'moons', en)).toBe(en('net.source.moons'));
    expect(courseSettingValue('surface', 'ravine', zh)).toBe(zh('surface.ravine'));
    expect(courseSettingValue('optimizer', 'sgdm', en)).toBe(en('optim.sgdm'));
  });

  it('names a numbered key by its pattern, with the number', () => {
    expect(courseTerm('measure', 'trainLoss_16', en)).toBe('training loss, 16-bin model');
    expect(courseTerm('measure', 'trainLoss_16', zh)).toBe('训练损失，16 个分箱');
    expect(courseTerm('measure', 'halfLambdaEpsSquared', zh)).toBe('½|λ|ε²（预测下降）');
    expect(courseTerm('role', 'batch-1024', en)).toBe('B = 1024');
    expect(courseTerm('param', 'gdLarge', zh)).toBe('大 η 梯度下降的 η');
  });

  it('falls back to a humanised key for one it does not know (and the check above would then fail)', () => {
    expect(courseTermKey('measure', 'someNewValue')).toBeNull();
    expect(courseTerm('measure', 'someNewValue', zh)).toBe('some new value');
    expect(courseTermKey('role', 'brand-new-7')).toBeNull();
  });

  it('keeps one key set in both languages', () => {
    expect(Object.keys(courseMeasuresZh).sort()).toEqual(Object.keys(courseMeasuresEn).sort());
  });

  it('names a chart’s legend by role and series, each run in one colour, against ε', () => {
    const at = (runId: number, name: string, values: number[]) => ({ runId, name, steps: values.map((_, i) => i), values });
    const data = [at(1, 'epsilon', [0.1, 0.2]), at(1, 'badFraction', [0.5, 0.2]), at(1, 'bound', [3, 1]), at(2, 'epsilon', [0.1, 0.2]), at(2, 'badFraction', [0.1, 0]), at(2, 'bound', [0.5, 0.1])];
    const runs = [{ runId: 1, label: 'n-50' }, { runId: 2, label: 'n-200' }];
    const c = courseCurves(runs, data, { train: '训练', validation: '验证', role: (r) => courseTerm('role', r, zh), series: (s) => courseTerm('series', s, zh) });
    expect(c.x).toBe('ε');
    expect(c.series.map((s) => s.name)).toEqual(['N = 50 · 坏训练集比例（抽样）', 'N = 50 · 上界', 'N = 200 · 坏训练集比例（抽样）', 'N = 200 · 上界']);
    expect(c.series[0]!.points).toEqual([[0.1, 0.5], [0.2, 0.2]]);
    expect(c.series[1]!.color).toBe(c.series[0]!.color);
    expect(c.series[1]!.dashed).toBe(true);
    expect(c.series[2]!.color).not.toBe(c.series[0]!.color);
  });
});
