// SIGKILL in the middle of writes, for real (a child process and kill -9), then reopen: the file
// passes integrity_check, every series holds whole transactions only (steps 0..n-1 with n a
// multiple of the batch, each value equal to its step), a backup never exists half-written, and a
// migration killed half-way leaves the old schema or the new one, never a mix.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDatabaseFile, listBackups, migrate, migrations, Store } from '../../main/store';

const BATCH = 5_000;
let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'descent-lab-crash-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the child, waits for `line` on its stdout, waits `ms` more, then SIGKILLs it. */
async function killAfter(args: string[], line: RegExp, ms: number): Promise<{ out: string; exited: boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'store-crash-child.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const t0 = Date.now();
  while (!line.test(out) && child.exitCode === null && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 5));
  expect(err).toBe('');
  await new Promise((r) => setTimeout(r, ms));
  const exited = child.exitCode !== null;
  child.kill('SIGKILL');
  if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
  return { out, exited };
}

describe('SIGKILL mid-write', () => {
  it('five kills at different moments: each reopen finds whole batches only and a sound file', async () => {
    const file = join(dir, 'writes.db');
    for (const [round, ms] of [40, 170, 90, 260, 15].entries()) {
      const { out } = await killAfter(['write', file], /ready \d+/, ms);
      const runId = Number(/ready (\d+)/.exec(out)![1]);
      const s = Store.open(file);
      try {
        expect(s.integrityCheck(), `round ${round}`).toEqual({ ok: true, problems: [] });
        expect(s.getRun(runId).status).toBe('interrupted');
        const [a, b] = s.readSeries([runId]);
        const n = a!.steps.length;
        expect(n).toBeGreaterThanOrEqual(BATCH);
        expect(n % BATCH, `round ${round}: ${n} points`).toBe(0);
        expect(b!.steps.length).toBe(n);
        let ok = true;
        for (let i = 0; i < n; i++) if (a!.steps[i] !== i || a!.values[i] !== i || b!.values[i] !== -i) ok = false;
        expect(ok).toBe(true);
      } finally {
        s.close();
      }
      // A backup under its real name is always a whole one (the copy is made as .partial first).
      for (const f of listBackups(file)) expect(checkDatabaseFile(f).ok).toBe(true);
    }
  }, 120_000);

  it('a migration killed half-way leaves the old schema with every point, or the new one with every point', async () => {
    const file = join(dir, 'migrate.db');
    const old = new Database(file);
    migrate(old, migrations.filter((m) => m.version < 4));
    old.exec(`INSERT INTO experiments (name, kind, spec, created_at, updated_at) VALUES ('old', 'network', '{}', 'x', 'x');
              INSERT INTO runs (experiment_id, label, seed, status, spec, created_at) VALUES (1, 'r', 1, 'completed', '{}', 'x');
              INSERT INTO series (run_id, name) VALUES (1, 'loss');`);
    const ins = old.prepare('INSERT INTO points (series_id, step, value) VALUES (1, ?, ?)');
    old.transaction(() => {
      for (let i = 0; i < 600_000; i++) ins.run(i, i / 7);
    })();
    old.close();
    const { out, exited } = await killAfter(['open', file], /opening/, 250);
    const raw = new Database(file);
    const version = raw.pragma('user_version', { simple: true }) as number;
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    if (version < 4) {
      expect(tables).toContain('points');
      expect(tables).not.toContain('series_chunks');
      expect(raw.prepare('SELECT count(*) FROM points').pluck().get()).toBe(600_000);
    } else {
      expect(tables).not.toContain('points');
    }
    raw.close();
    // Either way the next open finishes the job with nothing lost.
    const s = Store.open(file);
    const [loss] = s.readSeries([1]);
    expect(loss!.steps.length).toBe(600_000);
    expect(loss!.values[599_999]).toBe(599_999 / 7);
    expect(s.integrityCheck().ok).toBe(true);
    s.close();
    // Say which moment the kill hit, so a run of the suite shows both cases over time.
    console.log(`migration kill: ${exited || /opened/.test(out) ? 'after' : 'during'} the migration (user_version ${version})`);
  }, 60_000);
});
