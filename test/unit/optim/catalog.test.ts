// The front door: every name constructs with its defaults, has a bilingual entry, and knows its base rate.
import { describe, expect, it } from 'vitest';
import { OPTIMIZER_NAMES } from '../../../preload/spec';
import { baseLearningRate, OPTIMIZER_CATALOG } from '../../../main/engine/optim';
import { engine, parse } from './helpers';

describe('createOptimizer and OPTIMIZER_CATALOG', () => {
  it.each(OPTIMIZER_NAMES)('%s: builds from defaults and is named and explained in English and Chinese', (name) => {
    const spec = name === 'lookahead' ? { name, inner: { name: 'sgd' } } : { name };
    expect(engine(spec).spec.name).toBe(name);
    const entry = OPTIMIZER_CATALOG[name];
    for (const text of [entry.title.en, entry.title.zh, entry.explain.en, entry.explain.zh]) expect(text.trim().length).toBeGreaterThan(1);
    expect(entry.explain.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('baseLearningRate is the spec default, or the inner optimizer’s for lookahead', () => {
    // Defaults from issue 3's table.
    expect(baseLearningRate(parse({ name: 'adagrad' }))).toBe(0.01);
    expect(baseLearningRate(parse({ name: 'nadam' }))).toBe(2e-3);
    expect(baseLearningRate(parse({ name: 'lookahead', inner: { name: 'rmsprop', lr: 0.3 } }))).toBe(0.3);
  });
});
