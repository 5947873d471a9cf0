// The course's part of the contract: the seven sections of the lecture as guided labs, each with
// pre-set experiments, "try this" prompts that open a full lab with one thing changed, and checks
// whose verdicts are computed from the stored runs. Spread into `channels` in contract.ts.
import { z } from 'zod';
import type { ExperimentInput } from './experiment';
import type { MinRatioRequest } from './analysis';
import type { surfaceExperimentSpec } from './spec';

/** Every user-facing string of the course, in both languages. */
export interface Bilingual {
  en: string;
  zh: string;
}

export const COURSE_SECTIONS = [1, 2, 3, 4, 5, 6, 7] as const;
export type CourseSectionNumber = (typeof COURSE_SECTIONS)[number];

/** The labs a "try this" prompt can open. */
export type CourseLab = 'surface' | 'network' | 'batch' | 'bound' | 'analysis';

/** A check of a section: the lecture's claim that a run of the section's experiments confirms (✓) or not (✗). */
export interface CourseCheckInfo {
  id: string;
  claim: Bilingual;
}

/** One pre-set experiment of a section, as the page describes it. */
export interface CourseExperimentInfo {
  id: string;
  title: Bilingual;
  /** Why these settings show the effect (depth, activation, initialisation, learning rate…). */
  why: Bilingual;
  /** The settings that matter, for display (e.g. {"depth": 24, "activation": "sigmoid", "lr": 0.5}). */
  settings: Record<string, number | string | boolean>;
  /** The check ids this experiment feeds. */
  checks: string[];
}

/** The request the target lab's own channel takes, by lab. */
export interface CourseTrySpecs {
  /** The surface lab's race (channel 'surface:race' { spec }). */
  surface: z.input<typeof surfaceExperimentSpec>;
  /** The network lab's experiment (channel 'network:start' { spec }). */
  network: ExperimentInput;
  /** The batch-size lab (channel 'batch:study'). */
  batch: { data?: 'digits' | 'spiral'; batchSizes?: number[]; epochs?: number; optimizer?: unknown; seed?: number };
  /** The generalization-bound lab (channel 'analysis:bound'). */
  bound: { n?: number; hypotheses?: number; epsilon?: number; trainingSets?: number; target?: number; seed?: number };
  /** The minimum-ratio study (channel 'analysis:minRatio'). */
  analysis: MinRatioRequest;
}

/** "Try this": change one thing and open the full lab with that experiment loaded. */
export type CourseTryThis = {
  [L in CourseLab]: { id: string; prompt: Bilingual; lab: L; spec: CourseTrySpecs[L] };
}[CourseLab];

export interface CourseSection {
  section: CourseSectionNumber;
  /** e.g. "guide", "critical-points", "batch-momentum", "adaptive-lr", "classification", "generalization", "optimizers". */
  id: string;
  title: Bilingual;
  checks: CourseCheckInfo[];
  experiments: CourseExperimentInfo[];
  tryThis: CourseTryThis[];
  /** Seeds a run uses unless told otherwise (seeds 1..defaultSeeds). */
  defaultSeeds: number;
  /** The tag the section's stored experiments carry, e.g. "Course §1" (History and Compare filter by it). */
  tag: string;
}

/** A number measured over seeds. */
export interface SeedStat {
  mean: number;
  std: number;
  n: number;
}

export interface CheckResult {
  id: string;
  claim: Bilingual;
  passed: boolean;
  measured: Record<string, number | SeedStat>;
  /** One sentence with the numbers, e.g. "deep plain final training loss 0.41 ± 0.03 > shallow 0.12 ± 0.01". */
  summary: Bilingual;
  /** The stored runs behind the verdict by role (e.g. shallow, deep-plain, deep-residual, batch-32); with seeds, the first seed's run. */
  runs: Record<string, number>;
}

export interface CourseResult {
  section: CourseSectionNumber;
  seeds: number;
  checks: CheckResult[];
  startedAt: string;
  finishedAt: string;
  /** The run was stopped ('course:stop', Ctrl+C): no check is judged, and the result is not stored. */
  stopped?: boolean;
}

/** 'course:progress': one step of a section run done (an experiment of a seed, an analysis). */
export interface CourseProgress {
  section: CourseSectionNumber;
  done: number;
  total: number;
  /** What just finished, e.g. "deep-plain seed 3". */
  label: string;
  /** The stored network run that step trained, when it trained one (its curves are in 'runs:series'). */
  runId?: number;
}

const sectionNumber = z.number().int().min(1).max(7).transform((n) => n as CourseSectionNumber);

export const courseRunRequest = z
  .object({
    section: sectionNumber,
    /** Seeds 1..seeds; the section's defaultSeeds when omitted. */
    seeds: z.number().int().min(1).max(10).optional(),
  })
  .strict();

export const courseChannels = {
  /** The seven sections in order, with their checks, experiments and "try this" prompts. */
  'course:list': { request: z.object({}).strict(), response: {} as CourseSection[] },
  /**
   * Runs a section's experiments (networks on the worker pool, stored like any other run and
   * tagged with the section), computes the verdicts from the stored runs and stores the result.
   * Progress arrives as 'course:progress' events; resolves when every check has its verdict.
   */
  'course:run': { request: courseRunRequest, response: {} as CourseResult },
  /**
   * Stops the section now running: its network runs end 'stopped' (stored with what they trained),
   * its measurements at their next pause; its 'course:run' then resolves with `stopped: true`.
   * `stopped` is false when no section was running.
   */
  'course:stop': { request: z.object({}).strict(), response: {} as { stopped: boolean } },
  /** The latest stored result of each section that has one, in section order (the sidebar's progress). */
  'course:results': { request: z.object({}).strict(), response: {} as CourseResult[] },
} as const;
