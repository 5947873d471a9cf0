// "Try this" from the course opens a request in a lab's form: the batch-size lab, the bound lab
// and the minimum-ratio study take the request a channel would get and show it field by field.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';

(globalThis as { window?: unknown }).window ??= { lab: { invoke: async () => ({ ok: true, result: [] }), on: () => () => {} }, location: { protocol: 'http:', host: 'x', search: '', hash: '' } };

describe('opening a request in a lab form', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('batch-size lab: sizes, epochs, optimizer and its rate, with defaults for the rest', async () => {
    const { useBatchLabStore } = await import('../../../renderer/stores/batchLab');
    const batch = useBatchLabStore();
    batch.open({ data: 'spiral', batchSizes: [16, 256], epochs: 5, optimizer: { name: 'adam', lr: 0.003 } });
    expect(batch.form).toMatchObject({ data: 'spiral', sizesText: '16, 256', epochs: 5, optimizer: 'adam', lr: 0.003, threads: '', seed: 1 });
    expect(() => batch.open({ batchSizes: [0] })).toThrow(expect.objectContaining({ reason: 'invalid-request', issues: [expect.objectContaining({ path: 'batchSizes.0' })] }));
  });

  it('bound lab and minimum-ratio study: the sliders and the study form', async () => {
    const { useAnalysisStore } = await import('../../../renderer/stores/analysis');
    const analysis = useAnalysisStore();
    analysis.openBound({ n: 50, epsilon: 0.2 });
    expect(analysis.boundForm).toEqual({ n: 50, hypotheses: 10000, epsilon: 0.2, trainingSets: 1000, target: 0.1, seed: 1 });
    analysis.openMinRatio({ widths: [2, 8], seeds: 2, data: 'polynomial', lr: 0.05 });
    expect(analysis.minRatioForm).toMatchObject({ widthsText: '2, 8', seeds: 2, trainSteps: 1000, rest: { data: 'polynomial', lr: 0.05 } });
  });
});
