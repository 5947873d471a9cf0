// The sign counts under a Hessian spectrum, with the zero band the engine's minimum ratio and kind
// of point use (main/engine/analysis/spectrum.ts signCounts: |λ| ≤ 1e-6·max(1, max|λ|) is zero),
// so the counts shown next to the ratio add up to it: ratio = positive / (negative + zero + positive).

/** Relative size of the zero band, the engine's EIGEN_TOLERANCE (a unit test holds the two equal). */
export const ZERO_BAND = 1e-6;

export interface SpectrumSigns {
  negative: number;
  zero: number;
  positive: number;
  total: number;
  /** max(1, max|λ|): the band is ZERO_BAND times this. */
  scale: number;
  /** |λ| ≤ tolerance counts as zero. */
  tolerance: number;
}

export function spectrumSigns(eigenvalues: readonly number[]): SpectrumSigns {
  let scale = 1;
  for (const v of eigenvalues) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  const tolerance = ZERO_BAND * scale;
  let negative = 0;
  let positive = 0;
  for (const v of eigenvalues) {
    if (v > tolerance) positive++;
    else if (v < -tolerance) negative++;
  }
  return { negative, zero: eigenvalues.length - negative - positive, positive, total: eigenvalues.length, scale, tolerance };
}

/** A threshold or scale as people read it: 3.2e-5, 32.4, 1. */
export function bandNumber(v: number): string {
  return v !== 0 && (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-2) ? v.toExponential(1) : String(Number(v.toPrecision(3)));
}

/** The placeholders of the page's count, band and ratio lines (hessian.signCounts, hessian.zeroBand, analysis.ratioCounts). */
export function signMessageParams(s: SpectrumSigns, ratio: number) {
  return { ...s, scale: bandNumber(s.scale), tolerance: bandNumber(s.tolerance), ratio: ratio.toFixed(3) };
}
