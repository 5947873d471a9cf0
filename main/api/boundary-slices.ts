// The live decision boundary without a long task on the main thread. A paint is a forward pass
// of the whole 60×60 grid, which for a wide network (two layers of 1,024) takes 100–200 ms; the
// Network lab asks for one every time epochs are published (every 50 ms at most). So the grid is
// predicted here in slices sized to a few milliseconds each, with the event loop running between
// them; the finished boundary goes out with the next epochs published, and the run's last epochs
// wait for the boundary of the model they end with. A paint asked for meanwhile waits and only
// the newest waiting one is painted (the boundary shows the model as it stands, not every
// epoch's). Weights arriving from the workers between two slices are used by the later slices.
import type { DecisionBoundary } from '../../preload/contract';
import type { Dataset } from '../engine/data/dataset';
import type { ModelView } from '../engine/nn/train';
import { boundaryFrom, boundaryGrid, dataWindow, isPlanarClassification } from './network-preview';

/** Work between two pauses of a paint (ms). */
const SLICE_MS = 6;

export interface SlicedPainter {
  /**
   * Paints the boundary of `model` as it stands, in slices; resolves with it (or, when a newer
   * paint replaced this one while it waited, with that one's boundary; null once closed).
   */
  paint(model: ModelView): Promise<DecisionBoundary | null>;
  /** The newest finished boundary not yet taken, or null. */
  take(): DecisionBoundary | null;
  /** Drops a paint under way or waiting. */
  close(): void;
}

/** The sliced painter for a run on `dataset` (2-D classification only, else null). */
export function slicedBoundaryPainter(dataset: Dataset, classes: number, sliceMs = SLICE_MS): SlicedPainter | null {
  if (!isPlanarClassification({ features: dataset.features, classes })) return null;
  const window = dataWindow(dataset);
  const rows = boundaryGrid(window);
  const n = rows.length / 2;
  let busy = false;
  let waiting: { model: ModelView; resolve: ((b: DecisionBoundary | null) => void)[] } | null = null;
  let closed = false;
  let fresh: DecisionBoundary | null = null;
  // Rows per slice, adjusted to the time the last slice took (starts small: a wide network's first).
  let perSlice = 8;

  const run = async (model: ModelView): Promise<DecisionBoundary | null> => {
    const parts: Float32Array[] = [];
    for (let at = 0; at < n && !closed; ) {
      const k = Math.min(perSlice, n - at);
      const t0 = performance.now();
      parts.push(model.predict(rows.subarray(2 * at, 2 * (at + k)), k));
      const ms = performance.now() - t0;
      at += k;
      perSlice = Math.max(1, Math.min(n, Math.round((k * sliceMs) / Math.max(ms, 0.05))));
      if (at < n) await new Promise<void>((r) => setImmediate(r));
    }
    if (closed) return null;
    const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return (fresh = boundaryFrom(out, out.length / n, classes, window));
  };

  const start = (model: ModelView, resolve: ((b: DecisionBoundary | null) => void)[]) => {
    busy = true;
    void run(model)
      .catch(() => null)
      .then((b) => {
        for (const r of resolve) r(b);
        busy = false;
        const next = waiting;
        waiting = null;
        if (next && !closed) start(next.model, next.resolve);
        else for (const r of next?.resolve ?? []) r(null);
      });
  };

  return {
    paint(model) {
      return new Promise((resolve) => {
        if (closed) return resolve(null);
        if (!busy) return start(model, [resolve]);
        waiting = { model, resolve: [...(waiting?.resolve ?? []), resolve] };
      });
    },
    take() {
      const b = fresh;
      fresh = null;
      return b;
    },
    close() {
      closed = true;
    },
  };
}
