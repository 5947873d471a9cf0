// SQLite rows (snake_case, JSON as TEXT) → the contract's camelCase rows with parsed JSON.
import type { ExperimentKind, ExperimentRow, RunRow, RunStatus } from '../../preload/contract';

export interface ExperimentRecord {
  id: number;
  name: string;
  kind: ExperimentKind;
  spec: string;
  notes: string;
  tags: string;
  created_at: string;
  updated_at: string;
  run_count: number;
}

export interface RunRecord {
  id: number;
  experiment_id: number;
  experiment_name: string;
  kind: ExperimentKind;
  label: string;
  seed: number;
  status: RunStatus;
  spec: string;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  last_step: number;
  summary: string;
  error: string | null;
}

export const toExperimentRow = (r: ExperimentRecord): ExperimentRow => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  notes: r.notes,
  tags: JSON.parse(r.tags) as string[],
  spec: JSON.parse(r.spec) as unknown,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  runCount: r.run_count,
});

// The summary's JSON was written for the row's kind (a surface summary with a surface run).
export const toRunRow = (r: RunRecord): RunRow => ({
  id: r.id,
  experimentId: r.experiment_id,
  experimentName: r.experiment_name,
  kind: r.kind,
  label: r.label,
  seed: r.seed,
  status: r.status,
  spec: JSON.parse(r.spec) as unknown,
  createdAt: r.created_at,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  lastStep: r.last_step,
  summary: JSON.parse(r.summary) as RunRow['summary'],
  error: r.error,
}) as RunRow;

export const EXPERIMENT_SELECT = `
  SELECT e.*, (SELECT count(*) FROM runs r WHERE r.experiment_id = e.id) AS run_count
  FROM experiments e`;

export const RUN_SELECT = `
  SELECT r.id, r.experiment_id, e.name AS experiment_name, e.kind, r.label, r.seed, r.status, r.spec,
         r.created_at, r.started_at, r.ended_at, r.last_step, r.summary, r.error
  FROM runs r JOIN experiments e ON e.id = r.experiment_id`;
