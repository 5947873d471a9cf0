// Snapping a click on the surface map to a known critical point: a saddle is one exact point,
// and a click a pixel off it reads "not a critical point". Pure, so it is tested without a browser.

/** How near (in screen pixels) a click must land to snap. */
export const SNAP_PIXELS = 10;

/**
 * The point of `known` nearest to `click` when it lies within `pixels` on screen, else null.
 * `perPixel` is how many data units one pixel spans on each axis (the axes need not share a scale).
 */
export function snapToKnown(
  click: [number, number],
  known: readonly { at: [number, number] }[],
  perPixel: [number, number],
  pixels = SNAP_PIXELS,
): [number, number] | null {
  const [sx, sy] = perPixel.map((v) => Math.abs(v)) as [number, number];
  if (!(sx > 0) || !(sy > 0)) return null;
  let best: [number, number] | null = null;
  let bestDistance = pixels;
  for (const { at } of known) {
    const d = Math.hypot((at[0] - click[0]) / sx, (at[1] - click[1]) / sy);
    if (d <= bestDistance) {
      bestDistance = d;
      best = [at[0], at[1]];
    }
  }
  return best;
}
