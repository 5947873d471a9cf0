// The front door: every name constructs with its defaults and knows its base rate.
import { describe, expect, it } from 'vitest';
import { OPTIMIZER_NAMES } from '../../../preload/spec';
import { baseLearningRate } from '../../../main/engine/optim';
import { engine, parse } from './helpers';

describe('createOptimizer', () => {
  it.each(OPTIMIZER_NAMES)('%s: builds from defaults', (name) => {
    const spec = name === 'lookahead' ? { name, inner: { name: 'sgd' } } : { name };
    expect(engine(spec).spec.name).toBe(name);
  });

  it('baseLearningRate is the spec default, or the inner optimizer’s for lookahead', () => {
    // Defaults from issue 3's table.
    expect(baseLearningRate(parse({ name: 'adagrad' }))).toBe(0.01);
    expect(baseLearningRate(parse({ name: 'nadam' }))).toBe(2e-3);
    expect(baseLearningRate(parse({ name: 'lookahead', inner: { name: 'rmsprop', lr: 0.3 } }))).toBe(0.3);
  });
});
