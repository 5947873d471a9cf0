// The run a lab started, remembered per browser tab (sessionStorage) so that a reload finds it
// again: the lab re-attaches to it while it trains, or shows its result once it has ended. Only
// the id the lab's own start returned is ever written here.
import type { NetworkEpoch, SeriesData } from '../../preload/contract';
import { experimentSpec, type ExperimentSpec } from '../../preload/experiment';

const KEY = (lab: string) => `descent-lab.${lab}.run`;

export interface LabRun {
  runId: number;
  spec: ExperimentSpec;
}

export function rememberRun(lab: string, run: LabRun): void {
  try {
    sessionStorage.setItem(KEY(lab), JSON.stringify(run));
  } catch {
    // not kept: a reload then shows the draft only, as before
  }
}

export function forgetRun(lab: string): void {
  try {
    sessionStorage.removeItem(KEY(lab));
  } catch {
    // nothing kept
  }
}

/** The remembered run, or null when there is none or what is stored does not read as one. */
export function rememberedRun(lab: string): LabRun | null {
  try {
    const raw = sessionStorage.getItem(KEY(lab));
    if (!raw) return null;
    const o = JSON.parse(raw) as { runId?: unknown; spec?: unknown };
    const spec = experimentSpec.safeParse(o.spec);
    if (typeof o.runId !== 'number' || !Number.isInteger(o.runId) || o.runId < 1 || !spec.success) return null;
    return { runId: o.runId, spec: spec.data };
  } catch {
    return null;
  }
}

/** The epochs stored so far (runs:series of trainLoss, valLoss, trainAccuracy, valAccuracy and EPOCH_NAMES' others), oldest first. */
export function epochsFromSeries(series: SeriesData[]): NetworkEpoch[] {
  const by = new Map(series.map((s) => [s.name, s]));
  const train = by.get('trainLoss');
  if (!train) return [];
  const at = (name: string, i: number) => by.get(name)?.values[i] ?? null;
  const full = (i: number) => {
    const loss = at('fullTrainLoss', i);
    return loss === null || Number.isNaN(loss) ? {} : { fullTrainLoss: loss, fullTrainAccuracy: at('fullTrainAccuracy', i) };
  };
  return train.steps.map((e, i) => ({
    epoch: e, trainLoss: train.values[i]!, trainAccuracy: at('trainAccuracy', i), valLoss: at('valLoss', i), valAccuracy: at('valAccuracy', i), lr: 0, ms: 0, ...full(i),
  }));
}

/** The per-epoch series a page reads back to rebuild a run's epochs (epochsFromSeries). */
export const EPOCH_NAMES = ['trainLoss', 'valLoss', 'trainAccuracy', 'valAccuracy', 'fullTrainLoss', 'fullTrainAccuracy'];

/** The stored epochs, then those events brought that are newer (events may arrive while the store is read). */
export function mergeEpochs(stored: NetworkEpoch[], live: NetworkEpoch[]): NetworkEpoch[] {
  const last = stored.at(-1)?.epoch ?? 0;
  return [...stored, ...live.filter((e) => e.epoch > last)];
}
