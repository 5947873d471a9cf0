// The bench's target verdicts (main/bench/row.ts): the summary after the table reads each target's
// bound from its text, so a row just under a '≥' bound or at a '<' bound must read 'not met'. The
// peers' header warns when OpenBLAS runs its generic kernels on a CPU it does not know.
import { describe, expect, it } from 'vitest';
import { openblasLine } from '../../main/bench/peer';
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

describe('the peers’ OpenBLAS line', () => {
  const avx2 = ['sse4_2', 'avx', 'avx2', 'fma'];
  it('warns when OpenBLAS chose its generic Prescott kernels on an AVX2 CPU', () => {
    expect(openblasLine({ openblasCore: 'Prescott' }, avx2, undefined)).toMatch(/OpenBLAS kernels: Prescott \(its own choice\) — .*generic SSE3 kernels.*flattering/);
  });
  it('says nothing more for the CPU’s own kernels, an override, an SSE-only CPU or no OpenBLAS', () => {
    expect(openblasLine({ openblasCore: 'SkylakeX' }, avx2, undefined)).toBe('; OpenBLAS kernels: SkylakeX (its own choice)');
    expect(openblasLine({ openblasCore: 'Prescott' }, avx2, 'Prescott')).toBe('; OpenBLAS kernels: Prescott (set by DESCENT_LAB_PEER_OPENBLAS_CORETYPE=Prescott)');
    expect(openblasLine({ openblasCore: 'Prescott' }, ['sse4_2'], undefined)).toBe('; OpenBLAS kernels: Prescott (its own choice)');
    expect(openblasLine({ openblasCore: null }, avx2, undefined)).toBe('');
  });
});
