// The analysis labs' requests: the saved network runs one can analyse, the Hessian and the loss
// along the line of one of them, the filter-normalized plane, the minimum-ratio study and the
// generalization-bound lab. The heavy ones run on main's worker pool and report 'analysis:progress',
// kept here per channel for the panel that asked.
import { defineStore } from 'pinia';
import { reactive, ref, shallowRef } from 'vue';
import { minRatioRequest, type AnalysisProgress, type MinRatioRequest } from '../../preload/analysis';
import { channels, type Request, type RunRow } from '../../preload/contract';
import { lab } from '../api/client';
import { parseOrRefuse } from '../lab/describeError';
import { keepDraft } from '../lab/drafts';
import { createJob } from './job';

/** The bound lab's sliders (what 'analysis:bound' is asked with). */
const boundDefaults = (): Required<Request<'analysis:bound'>> => ({ n: 200, hypotheses: 10000, epsilon: 0.1, trainingSets: 1000, target: 0.1, seed: 1 });

/** The minimum-ratio panel's fields; `rest` holds an opened request's other settings (data, samples, lr, …). */
const minRatioDefaults = () => ({
  widthsText: '2, 3, 4, 6',
  seeds: 3,
  trainSteps: 1000,
  newtonSteps: 30,
  tol: 1e-3,
  rest: {} as Omit<MinRatioRequest, 'widths' | 'seeds' | 'trainSteps' | 'newtonSteps' | 'tol'>,
});

type Channel = AnalysisProgress['channel'];

export const useAnalysisStore = defineStore('analysis', () => {
  const progress = reactive<Record<Channel, AnalysisProgress | null>>({ 'analysis:hessian': null, 'analysis:landscape': null, 'analysis:minRatio': null });
  let listening = false;
  function listen() {
    if (listening) return;
    listening = true;
    lab().on('analysis:progress', (p) => (progress[p.channel] = p));
  }
  /** Runs a pool job with its channel's progress shown while it is out. */
  async function tracked<T>(channel: Channel, work: () => Promise<T>): Promise<T> {
    listen();
    progress[channel] = null;
    try {
      return await work();
    } finally {
      progress[channel] = null;
    }
  }

  /** Network runs with weights to analyse (not running, not failed), newest first as stored. */
  const runs = shallowRef<RunRow[]>([]);
  const runsJob = createJob(async () => {
    const all = await lab().invoke('runs:list', {});
    runs.value = all.filter((r) => r.kind === 'network' && r.status !== 'running' && r.status !== 'failed');
    return runs.value;
  });

  /** The Hessian at a run's weights, then the loss on the line from its initial weights. */
  const hessian = createJob(async (runId: number) => {
    const h = await tracked('analysis:hessian', () => lab().invoke('analysis:hessian', { runId }));
    const line = await tracked('analysis:landscape', () => lab().invoke('analysis:landscape', { runId, mode: 'line' }));
    return { hessian: h, line };
  });

  const plane = createJob((runId: number, range: number, resolution: number) =>
    tracked('analysis:landscape', () => lab().invoke('analysis:landscape', { runId, mode: 'plane', range, resolution })),
  );

  const minRatio = createJob((request: MinRatioRequest) => tracked('analysis:minRatio', () => lab().invoke('analysis:minRatio', request)));

  const bound = createJob((request: Request<'analysis:bound'>) => lab().invoke('analysis:bound', request));
  const boundForm = ref(boundDefaults());
  // The sliders survive a reload (renderer/lab/drafts.ts), checked with the channel's own schema.
  keepDraft('bound', channels['analysis:bound'].request, {
    read: () => (channels['analysis:bound'].request.safeParse(boundForm.value).success ? { ...boundForm.value } : null),
    // Assigned into the one form object: the page holds refs to its fields.
    apply: (value) => Object.assign(boundForm.value, value),
    defaults: () => Object.assign(boundForm.value, boundDefaults()),
  });

  /** Opens bound-lab settings in the sliders (the course's "try this"); bad fields throw a LabError naming them. */
  function openBound(request: Request<'analysis:bound'>) {
    Object.assign(boundForm.value, parseOrRefuse(channels['analysis:bound'].request, request));
  }

  /** The minimum-ratio study's form: what the panel edits, and the rest of an opened request kept as it came. */
  const minRatioForm = ref(minRatioDefaults());
  function openMinRatio(request: MinRatioRequest) {
    const { widths, seeds, trainSteps, newtonSteps, tol, ...rest } = parseOrRefuse(minRatioRequest, request);
    Object.assign(minRatioForm.value, { widthsText: widths.join(', '), seeds, trainSteps, newtonSteps, tol, rest });
  }

  return {
    progress, runs, loadRuns: runsJob.run, runsError: runsJob.error, hessian, plane, minRatio, bound, boundForm, openBound,
    minRatioForm, openMinRatio,
  };
});
