import { describe, expect, it } from 'vitest';
import { OPTIMIZER_NAMES, SCHEDULE_NAMES, SURFACE_NAMES } from '../../preload/spec';
import { RUN_STATUSES } from '../../preload/contract';
import { MESSAGES, format, isMessageKey, localeFromLanguage, translate } from '../../renderer/i18n/messages';
import { optimizerFields, scheduleFields } from '../../renderer/lab/forms';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message tables', () => {
  const en = MESSAGES.en;
  const zh = MESSAGES['zh-CN'];

  it('have identical key sets', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it('have no empty strings', () => {
    for (const table of [en, zh]) for (const [key, text] of Object.entries(table)) expect(text.trim(), key).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
  });

  it('name and explain every optimizer, schedule, surface, run status and critical-point kind', () => {
    const needed = [
      ...OPTIMIZER_NAMES.flatMap((n) => [`optim.${n}`, `optim.${n}.explain`]),
      ...SCHEDULE_NAMES.flatMap((n) => [`sched.${n}`, `sched.${n}.explain`]),
      ...SURFACE_NAMES.map((n) => `surface.${n}`),
      ...RUN_STATUSES.map((s) => `status.${s}`),
      ...['not-critical', 'saddle', 'local-min', 'local-max', 'degenerate'].map((k) => `kind.${k}`),
    ];
    for (const key of needed) expect(isMessageKey(key), key).toBe(true);
  });

  it('label every hyperparameter the lab shows', () => {
    const keys = new Set([
      ...OPTIMIZER_NAMES.flatMap((n) => optimizerFields(n).map((f) => f.key)),
      ...SCHEDULE_NAMES.flatMap((n) => scheduleFields(n).map((f) => f.key)),
    ]);
    for (const key of keys) expect(isMessageKey(`param.${key}`), key).toBe(true);
  });

  it('uses the lecture’s Chinese terms', () => {
    expect(zh['hessian.matrix']).toContain('海森矩阵');
    expect(zh['kind.saddle']).toContain('鞍点');
    expect(zh['kind.local-min']).toContain('局部最小值');
    expect(zh['param.momentum']).toContain('动量');
    expect(zh['sched.warmup']).toContain('预热');
  });
});

describe('format and translate', () => {
  it('fills named placeholders and leaves unknown ones visible', () => {
    expect(format('step {step} / {total}', { step: 3, total: 10 })).toBe('step 3 / 10');
    expect(format('hello {who}', {})).toBe('hello {who}');
  });
  it('translates per locale', () => {
    expect(translate('en', 'nav.history')).toBe('History');
    expect(translate('zh-CN', 'nav.history')).toBe('历史记录');
    expect(translate('zh-CN', 'lab.stepOf', { step: 1, total: 2 })).toBe('第 1 / 2 步');
  });
  it('defaults Chinese OS languages to zh-CN and everything else to en', () => {
    expect(localeFromLanguage('zh-CN')).toBe('zh-CN');
    expect(localeFromLanguage('zh-TW')).toBe('zh-CN');
    expect(localeFromLanguage('zh')).toBe('zh-CN');
    expect(localeFromLanguage('en-US')).toBe('en');
    expect(localeFromLanguage('de')).toBe('en');
    expect(localeFromLanguage(undefined)).toBe('en');
  });
});
