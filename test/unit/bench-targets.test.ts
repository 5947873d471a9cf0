// The bench's target verdicts (main/bench/row.ts): the summary after the table reads each target's
// bound from its text, so a row just under a '≥' bound or at a '<' bound must read 'not met'.
import { describe, expect, it } from 'vitest';
import { verdict } from '../../main/bench/row';

describe('bench target verdicts', () => {
  it('reads ≥ and < bounds, thousands separators and trailing words', () => {
    expect(verdict(1.8, '≥ 1.8×')).toBe('met');
    expect(verdict(1.79, '≥ 1.8×')).toBe('not met');
    expect(verdict(19.9, '< 20 ms')).toBe('met');
    expect(verdict(20, '< 20 ms')).toBe('not met');
    expect(verdict(4999, '≥ 5,000')).toBe('not met');
    expect(verdict(5000, '≥ 5,000')).toBe('met');
    expect(verdict(2.9, '≥ 3× (vs their best)')).toBe('not met');
  });

  it('gives no verdict without a bound or a value', () => {
    expect(verdict(1, 'fast')).toBeNull();
    expect(verdict(null, '≥ 1.0×')).toBeNull();
  });
});
