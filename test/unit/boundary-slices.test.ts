// The Network lab's live boundary painted in slices (main/api/boundary-slices.ts), on a network
// really trained in process: slice by slice it is the boundary of one whole-grid forward pass,
// cell for cell; it takes many short predicts, not one long one; paints asked for while one runs
// are coalesced to the newest; a non-planar run has no painter.
import { describe, expect, it } from 'vitest';
import { experimentSpec } from '../../preload/experiment';
import { slicedBoundaryPainter } from '../../main/api/boundary-slices';
import { boundaryFrom, boundaryGrid, dataWindow } from '../../main/api/network-preview';
import type { Dataset } from '../../main/engine/data/dataset';
import { trainNetwork, type ModelView } from '../../main/engine/nn/train';

async function trained(source: 'spiral' | 'sine'): Promise<{ dataset: Dataset; classes: number; model: ModelView }> {
  const spec = experimentSpec.parse({
    seed: 2,
    data: source === 'spiral' ? { source, samples: 300, noise: 0.1, classes: 3 } : { source },
    ...(source === 'sine' ? { loss: 'mse' } : {}),
    model: [{ dense: 24, activation: 'tanh' }, { dense: 'output' }],
    optimizer: { name: 'adam', lr: 0.01 },
    batchSize: 32,
    epochs: 3,
  });
  let dataset: Dataset | null = null;
  let classes = 0;
  let model: ModelView | null = null;
  await trainNetwork(spec, {
    onStart: (data, d) => {
      dataset = d;
      classes = data.classes;
    },
    onEpoch: (_m, view) => void (model = view),
  });
  return { dataset: dataset!, classes, model: model! };
}

describe('sliced decision boundary', () => {
  it('is the whole-grid boundary cell for cell, painted in many short slices', async () => {
    const { dataset, classes, model } = await trained('spiral');
    const window = dataWindow(dataset);
    const rows = boundaryGrid(window);
    const out = model.predict(rows, rows.length / 2);
    const whole = boundaryFrom(out, out.length / (rows.length / 2), classes, window);
    const sizes: number[] = [];
    const counted: ModelView = { predict: (raw, n) => (sizes.push(n), model.predict(raw, n)) };
    // A tiny budget: slices of a few rows each.
    const painter = slicedBoundaryPainter(dataset, classes, 0.01)!;
    const sliced = await painter.paint(counted);
    expect(sliced).toEqual(whole);
    expect(sizes.length).toBeGreaterThan(20);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(60 * 60);
    expect(painter.take()).toEqual(whole);
    expect(painter.take()).toBeNull();
  });

  it('coalesces paints asked for while one runs to the newest, and stops once closed', async () => {
    const { dataset, classes, model } = await trained('spiral');
    let paints = 0;
    const first: ModelView = { predict: (raw, n) => model.predict(raw, n) };
    const tag = (): ModelView => {
      const mine = { started: false };
      return {
        predict: (raw, n) => {
          if (!mine.started) paints++;
          mine.started = true;
          return model.predict(raw, n);
        },
      };
    };
    const painter = slicedBoundaryPainter(dataset, classes, 0.01)!;
    const a = painter.paint(first);
    const [b, c] = [painter.paint(tag()), painter.paint(tag())];
    const [ra, rb, rc] = await Promise.all([a, b, c]);
    // b waited and was replaced by c: one paint after the first, and b answers with c's boundary.
    expect(paints).toBe(1);
    expect(rb).toBe(rc);
    expect(ra).toEqual(rc);
    painter.close();
    expect(await painter.paint(tag())).toBeNull();
    expect(paints).toBe(1);
  });

  it('has no painter for a run that is not 2-D classification', async () => {
    const { dataset, classes } = await trained('sine');
    expect(slicedBoundaryPainter(dataset, classes)).toBeNull();
  });
});
