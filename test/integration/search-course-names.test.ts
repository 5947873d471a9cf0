// History's search finds a course experiment by the name the Chinese pages show it under
// ("课程 §3 · 批次大小：每轮时间与验证准确率"), though the store keeps the English one every version has
// written; a renamed course experiment and the student's own experiments are found by what is stored.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchRuns, Store } from '../../main/store';

let dir: string;
let store: Store;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'descent-search-course-'));
  store = Store.open(join(dir, 'lab.db'));
  const t = '2026-12-02T07:00:00.000Z';
  const experiment = store.db.prepare(`INSERT INTO experiments (name, kind, spec, created_at, updated_at) VALUES (?, 'network', '{}', ?, ?)`);
  const run = store.db.prepare(`INSERT INTO runs (experiment_id, label, seed, status, spec, created_at) VALUES (?, ?, 1, 'completed', '{}', ?)`);
  const names = [
    'Course §3 · batch size: time per epoch and validation accuracy',
    'Course §3 · momentum over a bump',
    'Course §1 · shallow vs deep plain vs deep residual',
    'Course §3 · batch size: time per epoch and validation accuracy (mine now)',
    'my batch-size study',
  ];
  names.forEach((name, i) => run.run(Number(experiment.run(name, t, t).lastInsertRowid), `run ${i + 1}`, t));
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const found = (text: string) => searchRuns(store, { text, sortBy: 'id', order: 'asc' }).map((r) => r.experimentName);

describe('History search and the course’s Chinese names', () => {
  it('finds a course experiment by a part of its Chinese name, or all of it as the page shows it', () => {
    expect(found('批次大小')).toEqual(['Course §3 · batch size: time per epoch and validation accuracy']);
    expect(found('课程 §3 · 批次大小：每轮时间与验证准确率')).toEqual(['Course §3 · batch size: time per epoch and validation accuracy']);
    expect(found('动量')).toEqual(['Course §3 · momentum over a bump']);
  });

  it('finds a section’s course experiments by "课程 §N"', () => {
    expect(found('课程 §3')).toEqual(['Course §3 · batch size: time per epoch and validation accuracy', 'Course §3 · momentum over a bump']);
    expect(found('课程 §1')).toEqual(['Course §1 · shallow vs deep plain vs deep residual']);
    expect(found('课程 §2')).toEqual([]);
  });

  it('still finds by the stored English, and a renamed or own experiment only by what is stored', () => {
    expect(found('batch size')).toEqual([
      'Course §3 · batch size: time per epoch and validation accuracy',
      'Course §3 · batch size: time per epoch and validation accuracy (mine now)',
    ]);
    expect(found('batch-size')).toEqual(['my batch-size study']);
    expect(found('残差')).toEqual(['Course §1 · shallow vs deep plain vs deep residual']);
    expect(found('不存在')).toEqual([]);
  });
});
