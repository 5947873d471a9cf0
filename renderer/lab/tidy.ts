/** A coordinate read from a click, rounded to a tidy precision (≤ 1/200 of the view's span). */
export function tidy(value: number, span: number): number {
  const unit = 10 ** Math.floor(Math.log10(span / 200));
  const decimals = Math.max(0, -Math.floor(Math.log10(unit)));
  return Number((Math.round(value / unit) * unit).toFixed(decimals)) + 0;
}
