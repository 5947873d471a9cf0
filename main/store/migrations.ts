// Numbered schema migrations, applied in order; PRAGMA user_version records the last one applied.
// Never edit a released migration: append a new one.
import type { Database } from 'better-sqlite3';
import { RUN_STATUSES } from '../../preload/contract';
import { SchemaTooNewError } from './errors';
import { SeriesChunks } from './series';

interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

const statusList = RUN_STATUSES.map((s) => `'${s}'`).join(', ');

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'experiments, runs, metric series, checkpoints',
    up(db) {
      db.exec(`
        CREATE TABLE experiments (
          id          INTEGER PRIMARY KEY AUTOINCREMENT,
          name        TEXT NOT NULL,
          kind        TEXT NOT NULL CHECK (kind IN ('surface', 'network')),
          spec        TEXT NOT NULL,
          notes       TEXT NOT NULL DEFAULT '',
          tags        TEXT NOT NULL DEFAULT '[]',
          created_at  TEXT NOT NULL,
          updated_at  TEXT NOT NULL
        );

        CREATE TABLE runs (
          id             INTEGER PRIMARY KEY AUTOINCREMENT,
          experiment_id  INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
          label          TEXT NOT NULL,
          seed           INTEGER NOT NULL,
          status         TEXT NOT NULL CHECK (status IN (${statusList})),
          spec           TEXT NOT NULL,
          created_at     TEXT NOT NULL,
          started_at     TEXT,
          ended_at       TEXT,
          last_step      INTEGER NOT NULL DEFAULT 0,
          summary        TEXT NOT NULL DEFAULT '{}',
          error          TEXT,
          -- Which process drives an active run, so that one process opening the shared file
          -- (the CLI, say) never marks another live process's run as interrupted.
          owner_pid      INTEGER,
          owner_token    TEXT
        );
        CREATE INDEX runs_by_experiment ON runs(experiment_id);
        CREATE INDEX runs_by_status ON runs(status);

        -- One row per (run, series name); points are keyed by the series id so one run's
        -- series is a contiguous range of the clustered primary key.
        CREATE TABLE series (
          id      INTEGER PRIMARY KEY,
          run_id  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
          name    TEXT NOT NULL,
          UNIQUE (run_id, name)
        );

        CREATE TABLE points (
          series_id  INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
          step       INTEGER NOT NULL,
          value      REAL,
          PRIMARY KEY (series_id, step)
        ) WITHOUT ROWID;

        -- Network weights (issue 4: fine-tuning starts a new run from a saved run's weights).
        CREATE TABLE checkpoints (
          id          INTEGER PRIMARY KEY,
          run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
          step        INTEGER NOT NULL,
          meta        TEXT NOT NULL DEFAULT '{}',
          weights     BLOB NOT NULL,
          created_at  TEXT NOT NULL,
          UNIQUE (run_id, step)
        );
      `);
    },
  },
  {
    version: 2,
    name: 'saved comparisons; indexes for history search',
    up(db) {
      db.exec(`
        -- A named set of runs and how to draw them (workbench Compare page).
        CREATE TABLE comparisons (
          id          INTEGER PRIMARY KEY AUTOINCREMENT,
          name        TEXT NOT NULL,
          run_ids     TEXT NOT NULL DEFAULT '[]',
          options     TEXT NOT NULL DEFAULT '{}',
          created_at  TEXT NOT NULL,
          updated_at  TEXT NOT NULL
        );
        -- History sorts and filters by creation date, newest first.
        CREATE INDEX runs_by_created ON runs(created_at);
        CREATE INDEX experiments_by_created ON experiments(created_at);
      `);
    },
  },
  {
    version: 3,
    name: 'course results',
    up(db) {
      db.exec(`
        -- A course section's verdicts as computed after a run of its experiments (JSON CourseResult).
        CREATE TABLE course_results (
          id           INTEGER PRIMARY KEY AUTOINCREMENT,
          section      INTEGER NOT NULL,
          result       TEXT NOT NULL,
          finished_at  TEXT NOT NULL
        );
        CREATE INDEX course_results_by_section ON course_results(section, id);
      `);
    },
  },
  {
    version: 4,
    name: 'metric series as chunks of float64 blobs',
    up(db) {
      // One row per point made a 1M-point series a million-row read; chunks of CHUNK_POINTS points
      // (main/store/series.ts) read in a few hundred rows. Existing points move over as they are.
      db.exec(`
        CREATE TABLE series_chunks (
          id          INTEGER PRIMARY KEY,
          series_id   INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
          first_step  INTEGER NOT NULL,
          last_step   INTEGER NOT NULL,
          n           INTEGER NOT NULL,
          steps       BLOB,            -- float64 LE; NULL when the steps are first_step..last_step
          vals        BLOB NOT NULL,   -- float64 LE
          UNIQUE (series_id, first_step)
        );
      `);
      const chunks = new SeriesChunks(db);
      const ids = db.prepare('SELECT id FROM series ORDER BY id').pluck().all() as number[];
      const points = db.prepare('SELECT step, value FROM points WHERE series_id = ? ORDER BY step').raw();
      for (const id of ids) {
        const rows = points.all(id) as [number, number | null][];
        chunks.write(id, { steps: Float64Array.from(rows, (r) => r[0]), values: Float64Array.from(rows, (r) => r[1] ?? NaN) });
      }
      db.exec('DROP TABLE points');
    },
  },
  {
    version: 5,
    name: 'the resumable training state of a network run',
    up(db) {
      // One row per run, replaced at each epoch end (main/store/resume-state.ts).
      db.exec(`
        CREATE TABLE resume_states (
          run_id      INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
          epoch       INTEGER NOT NULL,
          step        INTEGER NOT NULL,
          state       BLOB NOT NULL,
          created_at  TEXT NOT NULL
        );
      `);
    },
  },
];

export const SCHEMA_VERSION = migrations[migrations.length - 1]!.version;

/**
 * Applies every migration newer than the file's user_version, each in its own IMMEDIATE
 * transaction that re-reads the version, so two processes opening a fresh file at once
 * cannot both apply the same migration.
 */
export function migrate(db: Database, list: readonly Migration[] = migrations): number {
  const version = () => db.pragma('user_version', { simple: true }) as number;
  const latest = list.length ? list[list.length - 1]!.version : 0;
  if (version() > latest) throw new SchemaTooNewError(version(), latest);
  for (const m of list) {
    db.transaction(() => {
      if (version() >= m.version) return;
      m.up(db);
      // user_version lives in the file header and commits (or rolls back) with the transaction.
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return latest;
}
