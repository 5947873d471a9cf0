// The course's engine side: what a section is made of. A section's `run` trains and measures
// (storing every run like any other, tagged with the section); its `verdicts` are pure functions
// of what was stored, read back from the store (main/course/runner.ts).
import type { RunStatus } from '../../preload/contract';
import type { CheckResult, CourseSection } from '../../preload/course';
import type { WorkerPool } from '../engine/pool/pool';
import type { Store } from '../store';
import type { Slicer } from './slice';

/** A stored run as a verdict sees it: its summary numbers and its metric series. */
export interface StoredRun {
  runId: number;
  role: string;
  seed: number;
  status: RunStatus;
  summary: Record<string, number | string | null>;
  /** Series by name, values in step order. */
  series: Record<string, number[]>;
}

/** Role → its runs over seeds (seed order). */
export type RunsByRole = Record<string, StoredRun[]>;

/** Where a role's stored run came from, for reading it back. */
export interface RunRef {
  role: string;
  seed: number;
  runId: number;
}

export interface SectionContext {
  store: Store;
  pool: WorkerPool;
  seeds: number[];
  /** The tag every experiment of this section carries ("Course §1"). */
  tag: string;
  /** Records that `runId` plays `role` for `seed`. */
  add(ref: RunRef): void;
  /** A step of the section done (progress); `runId` when it stored a network run. */
  step(label: string, runId?: number): void;
  /** Aborted when the section is stopped: network runs end 'stopped', measurements at their next pause. */
  signal?: AbortSignal;
  /** Pauses the section's main-thread arithmetic so that no stretch of it blocks the event loop for long. */
  slice: Slicer;
  /** Work still running on its own (a network run, a pool job): a stopped section waits for it before it reports. */
  track<T>(work: Promise<T>): Promise<T>;
}

export interface SectionDef {
  info: CourseSection;
  /** Progress steps a run with these seeds makes. */
  steps(seeds: number): number;
  run(ctx: SectionContext): Promise<void>;
  /** Series each role's runs need read back (others come with the summary only). */
  series: Record<string, string[]> | ((role: string) => string[]);
  verdicts(runs: RunsByRole): CheckResult[];
}
