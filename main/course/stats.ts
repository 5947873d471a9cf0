// Mean ± sample standard deviation over seeds, and the number formats the verdict sentences use.
import type { SeedStat } from '../../preload/course';

export function stat(values: readonly number[]): SeedStat {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: NaN, n: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std, n };
}

/** The minus sign of prose (U+2212), in the sign and the exponent alike: −0.993, 2.50e−7. */
const minus = (text: string) => text.replace(/-/g, '−');

/** A number for a sentence: 3 significant digits, exponent form outside [1e-3, 1e5), minus signs as −. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '∞' : '−∞';
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return minus(x.toExponential(2).replace('e+', 'e'));
  return minus(String(Number(x.toPrecision(3))));
}

export function fmtStat(s: SeedStat): string {
  return s.n > 1 ? `${fmt(s.mean)} ± ${fmt(s.std)}` : fmt(s.mean);
}

/** A fraction (0…1) over seeds as a percentage: "100 %", "97.5 ± 1.2 %" (no "± 0" when every seed agrees). */
export function fmtPercent(s: SeedStat): string {
  return s.n > 1 && s.std > 0 ? `${fmt(100 * s.mean)} ± ${fmt(100 * s.std)} %` : `${fmt(100 * s.mean)} %`;
}
