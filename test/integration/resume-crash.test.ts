// A real crash, then `lab resume`: the `lab` command trains a run on two worker threads, is
// killed with SIGKILL once the database holds its state after a few epochs, and `lab resume`
// finishes it in the same run. Its weights and series are those of the run trained without
// interruption (here in process: both loops give the same bits).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { experimentSpec } from '../../preload/experiment';
import { recordRun } from '../../main/engine/runs';
import { Store } from '../../main/store';
import { runLab } from '../support/lab-cli';

const dir = mkdtempSync(join(tmpdir(), 'descent-resume-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = {
  name: 'crashed',
  data: { source: 'spiral', samples: 600, noise: 0.1, classes: 3 },
  model: [{ dense: 32, activation: 'tanh' }, { dense: 'output' }],
  optimizer: { name: 'adam', lr: 0.01 },
  schedule: { name: 'cosine', tMax: 4000 },
  split: { validation: 0.2 },
  batchSize: 96,
  // Long enough that the kill lands mid-run: a state is stored after the first epoch, then at most
  // twice a second (NetworkRecorder.checkpointMs).
  epochs: 1500,
  seed: 4,
  threads: 2,
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('lab run killed with SIGKILL after some epochs, then lab resume: the uninterrupted run to the last bit', { timeout: 240_000 }, async () => {
  const db = join(dir, 'lab.db');
  const specPath = join(dir, 'crashed.json');
  writeFileSync(specPath, JSON.stringify(file));
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', 'run', specPath, '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  // Watch the database (another connection, as another process would) until a state is stored.
  let killedAt = 0;
  for (let tries = 0; tries < 6000 && !killedAt; tries++) {
    await sleep(10);
    try {
      const watch = Store.open(db, { recover: false });
      try {
        const row = watch.db.prepare('SELECT epoch FROM resume_states').pluck().get() as number | undefined;
        if (row !== undefined && row >= 3) {
          child.kill('SIGKILL');
          killedAt = row;
        }
      } finally {
        watch.close();
      }
    } catch {
      // not created yet
    }
  }
  expect(await exited).toBe('SIGKILL');
  expect(killedAt).toBeGreaterThanOrEqual(3);

  const store = Store.open(db);
  try {
    const [run] = store.listRuns();
    expect(run!.status).toBe('interrupted');
    const runId = run!.id;
    const before = store.getResumeState(runId)!;
    // One state per run, replaced each time: the file does not grow with the epochs.
    expect(store.db.prepare('SELECT COUNT(*) FROM resume_states WHERE run_id = ?').pluck().get(runId)).toBe(1);
    expect(before.epoch).toBeGreaterThanOrEqual(3);
    expect(before.epoch).toBeLessThan(file.epochs);
    store.close();

    const r = await runLab(['resume', String(runId), '--db', db, '--json'], { defaultDb: join(dir, 'unused.db') });
    expect(r.stderr).toContain(`resuming after epoch ${before.epoch}`);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { runId: number; status: string; epochs: { epoch: number }[] };
    expect(out).toMatchObject({ runId, status: 'completed' });
    expect(out.epochs.map((e) => e.epoch)).toEqual(Array.from({ length: file.epochs }, (_, i) => i + 1));

    const again = Store.open(db);
    try {
      // The same spec trained without interruption, in this process, into the same file (`lab run` turns the
      // per-epoch training pass on where the file does not say, so the series include it).
      const whole = await recordRun(experimentSpec.parse({ ...file, trainPass: true, threads: 1 }), again);
      const weights = (id: number) => Buffer.from(again.getCheckpoint(id)!.weights).toString('hex');
      expect(weights(runId)).toBe(weights(whole.runId));
      const series = (id: number) => again.readSeries([id]).filter((s) => s.name !== 'epochMs').map((s) => [s.name, s.steps, s.values.map(String)]);
      expect(series(runId)).toEqual(series(whole.runId));
      expect(series(runId).map(([name]) => name)).toContain('fullTrainLoss');
      expect(again.getRun(runId).status).toBe('completed');
      expect(again.getRun(runId).lastStep).toBe(again.getRun(whole.runId).lastStep);
    } finally {
      again.close();
    }

    // Refusals name what is wrong: a finished run, a missing one, a bad id.
    const done = await runLab(['resume', String(runId), '--db', db], { defaultDb: join(dir, 'unused.db') });
    expect(done.code).toBe(1);
    expect(done.stderr).toContain(`cannot resume: run ${runId} is completed`);
    expect(done.stdout).toBe('');
    // In Chinese the reason is Chinese too (not the engine's English message inside a Chinese prefix).
    const doneZh = await runLab(['resume', String(runId), '--db', db], { defaultDb: join(dir, 'unused.db'), env: { LANG: 'zh_CN.UTF-8' } });
    expect(doneZh.code).toBe(1);
    expect(doneZh.stderr).toContain(`无法继续训练：运行 ${runId} 的状态为 completed`);
    expect(doneZh.stderr).not.toMatch(/only an interrupted/);
    const missing = await runLab(['resume', '9999', '--db', db], { defaultDb: join(dir, 'unused.db') });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('run 9999 not found');
    const bad = await runLab(['resume', 'seven', '--db', db], { defaultDb: join(dir, 'unused.db') });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('RUN_ID must be a positive integer');
  } finally {
    if (store.isOpen) store.close();
  }
});
