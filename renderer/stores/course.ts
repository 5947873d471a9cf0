// The lecture course: its seven sections (course:list), the latest verdicts of each (course:results,
// stored in main, so the progress survives reloads), the section run in progress (course:run with
// 'course:progress' events; course:stop ends it) and "try this", which opens a full lab with the
// prompt's experiment.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Request, RunRow, SeriesData } from '../../preload/contract';
import type { CourseProgress, CourseResult, CourseSection, CourseSectionNumber, CourseTryThis } from '../../preload/course';
import { experimentSpec } from '../../preload/experiment';
import { surfaceExperimentSpec } from '../../preload/spec';
import { lab } from '../api/client';
import { sectionProgress, type SectionProgress } from '../course/progress';
import { useAnalysisStore } from './analysis';
import { useBatchLabStore } from './batchLab';
import { useNetworkLabStore } from './networkLab';
import { useNoticeStore } from './notices';
import { useSettingsStore } from './settings';
import { useSurfaceLabStore } from './surfaceLab';

const SECTION_KEY = 'descent-lab.course.section';
export const SEED_CHOICES = [1, 2, 3, 4, 5] as const;

/** A stored run a section's step trained, as the live chart lists it. */
export interface TrainedRun {
  runId: number;
  label: string;
}

export interface ActiveRun {
  section: CourseSectionNumber;
  seeds: number;
  done: number;
  total: number;
  label: string;
  trained: TrainedRun[];
}

function savedSection(): CourseSectionNumber {
  try {
    const n = Number(localStorage.getItem(SECTION_KEY));
    if (Number.isInteger(n) && n >= 1 && n <= 7) return n as CourseSectionNumber;
  } catch {
    // storage unavailable: start at §1
  }
  return 1;
}

export const useCourseStore = defineStore('course', () => {
  const sections = shallowRef<CourseSection[]>([]);
  const results = shallowRef<Partial<Record<CourseSectionNumber, CourseResult>>>({});
  const current = ref<CourseSectionNumber>(savedSection());
  /** Seeds chosen per section; the section's default until the student picks. */
  const seedChoice = ref<Partial<Record<CourseSectionNumber, number>>>({});
  const active = ref<ActiveRun | null>(null);
  /** A stop was asked for the active run and it has not ended yet. */
  const stopping = ref(false);
  /** The section whose last run was stopped (its page says so until the next run). */
  const stopped = ref<CourseSectionNumber | null>(null);
  const loaded = ref(false);
  const loadError = ref<unknown>(null);

  const section = computed(() => sections.value.find((s) => s.section === current.value) ?? null);
  const result = computed(() => results.value[current.value] ?? null);
  const progress = computed(() => {
    const out: Partial<Record<CourseSectionNumber, SectionProgress>> = {};
    for (const s of sections.value) out[s.section] = sectionProgress(s, results.value[s.section]);
    return out;
  });
  const totals = computed(() =>
    Object.values(progress.value).reduce((sum, p) => ({ reproduced: sum.reproduced + p.reproduced, total: sum.total + p.total }), { reproduced: 0, total: 0 }),
  );

  function seedsFor(n: CourseSectionNumber): number {
    return seedChoice.value[n] ?? sections.value.find((s) => s.section === n)?.defaultSeeds ?? 1;
  }
  function setSeeds(n: CourseSectionNumber, seeds: number) {
    seedChoice.value = { ...seedChoice.value, [n]: seeds };
  }

  function open(n: CourseSectionNumber) {
    current.value = n;
    try {
      localStorage.setItem(SECTION_KEY, String(n));
    } catch {
      // not remembered; still shown
    }
  }

  let listening = false;
  function listen() {
    if (listening) return;
    listening = true;
    lab().on('course:progress', (p: CourseProgress) => {
      const run = active.value;
      if (!run || run.section !== p.section) return;
      active.value = {
        ...run,
        done: p.done,
        total: p.total,
        label: p.label,
        trained: p.runId === undefined || run.trained.some((r) => r.runId === p.runId) ? run.trained : [...run.trained, { runId: p.runId, label: p.label }],
      };
    });
  }

  let starting: Promise<void> | null = null;
  /** Loads the sections and the stored verdicts once, however many callers ask. */
  function init(): Promise<void> {
    listen();
    starting ??= (async () => {
      try {
        const [list, stored] = await Promise.all([lab().invoke('course:list', {}), lab().invoke('course:results', {})]);
        sections.value = list;
        results.value = Object.fromEntries(stored.map((r) => [r.section, r]));
        loaded.value = true;
        loadError.value = null;
      } catch (error) {
        starting = null;
        loadError.value = error;
        useNoticeStore().error(error);
      }
    })();
    return starting;
  }

  /** The stored verdicts again (another database was opened: About → Backups). */
  async function reloadResults(): Promise<void> {
    const stored = await lab().invoke('course:results', {});
    results.value = Object.fromEntries(stored.map((r) => [r.section, r]));
  }

  /** Runs section `n`'s experiments on the pool; resolves with its verdicts (null when it failed). */
  async function run(n: CourseSectionNumber): Promise<CourseResult | null> {
    if (active.value) return null;
    const seeds = seedsFor(n);
    active.value = { section: n, seeds, done: 0, total: 0, label: '', trained: [] };
    stopped.value = null;
    try {
      const done = await lab().invoke('course:run', { section: n, seeds });
      // A stopped run judged nothing: the last finished run's verdicts stay.
      if (done.stopped) stopped.value = n;
      else results.value = { ...results.value, [n]: done };
      return done;
    } catch (error) {
      useNoticeStore().error(error);
      return null;
    } finally {
      active.value = null;
      stopping.value = false;
    }
  }

  /** Stops the running section: its runs so far end 'stopped' (stored), and no check is judged. */
  async function stop(): Promise<void> {
    if (!active.value || stopping.value) return;
    stopping.value = true;
    try {
      const r = await lab().invoke('course:stop', {});
      if (!r.stopped) stopping.value = false;
    } catch (error) {
      stopping.value = false;
      useNoticeStore().error(error);
    }
  }

  /** Which of these runs still exist (the student may have deleted some in History); all of them when the list cannot be read. */
  async function existingRuns(runIds: number[]): Promise<Set<number>> {
    try {
      const all = await lab().invoke('runs:list', {});
      const ids = new Set(all.map((r) => r.id));
      return new Set(runIds.filter((id) => ids.has(id)));
    } catch {
      return new Set(runIds);
    }
  }

  /** Stored curves of runs (e.g. a check's runs), thinned for drawing but not below a grid measurement's 41 × 41 cells. */
  async function series(runIds: number[]): Promise<SeriesData[]> {
    if (runIds.length === 0) return [];
    try {
      return await lab().invoke('runs:series', { runIds: runIds.slice(0, 50), maxPoints: 5000 });
    } catch {
      // A run deleted in History just leaves its curve out.
      return [];
    }
  }

  /** Stored rows (summaries) of runs, in the order asked; a deleted run is left out. */
  async function runRows(runIds: number[]): Promise<RunRow[]> {
    try {
      const all = await lab().invoke('runs:list', {});
      const byId = new Map(all.map((r) => [r.id, r]));
      return runIds.flatMap((id) => byId.get(id) ?? []);
    } catch {
      return [];
    }
  }

  /** Opens the prompt's lab with its experiment loaded; false when it could not be loaded (a notice says why). */
  async function tryThis(item: CourseTryThis): Promise<boolean> {
    const settings = useSettingsStore();
    const name = `${section.value?.tag ?? 'Course'} · ${item.id}`;
    try {
      if (item.lab === 'surface') {
        const spec = surfaceExperimentSpec.parse(item.spec);
        settings.go('surface');
        await useSurfaceLabStore().open(spec, name);
        return true;
      }
      if (item.lab === 'network') {
        const spec = experimentSpec.parse(item.spec);
        useNetworkLabStore().open(spec, name);
        settings.go('network');
        return true;
      }
      // The batch-size, bound and minimum-ratio labs keep their forms in their stores: the request,
      // with the channel's own defaults for what the prompt leaves out, is opened there.
      if (item.lab === 'batch') {
        useBatchLabStore().open(item.spec as Request<'batch:study'>);
        settings.go('batch');
        return true;
      }
      if (item.lab === 'bound') {
        useAnalysisStore().openBound(item.spec);
        settings.go('bound');
        return true;
      }
      if (item.lab === 'analysis') {
        useAnalysisStore().openMinRatio(item.spec);
        settings.go('analysis');
        return true;
      }
    } catch (error) {
      useNoticeStore().error(error);
      return false;
    }
    return false;
  }

  return {
    sections, results, current, active, stopping, stopped, loaded, loadError, section, result, progress, totals,
    seedsFor, setSeeds, open, init, run, stop, series, runRows, existingRuns, tryThis, reloadResults,
  };
});
