// `lab runs`: the saved runs, newest experiments first.
import { existsSync } from 'node:fs';
import type { RunRow } from '../../../preload/contract';
import { resolveDbPath, Store } from '../../store';
import { defineCommand, printJson } from '../command';

/** Terminal columns: CJK characters take two. */
const displayWidth = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);

/** What a listing shows of a run; the spec stays out (it can be large) — `lab export` has it. */
const listed = (r: RunRow) => ({
  id: r.id,
  experimentId: r.experimentId,
  name: r.experimentName,
  kind: r.kind,
  label: r.label,
  seed: r.seed,
  status: r.status,
  createdAt: r.createdAt,
  startedAt: r.startedAt,
  endedAt: r.endedAt,
  lastStep: r.lastStep,
  summary: r.summary,
  error: r.error,
});

export default defineCommand({
  name: 'runs',
  summary: { en: 'list saved runs', zh: '列出已保存的运行' },
  options: {
    db: { kind: 'string', value: 'FILE', help: { en: 'database file (else $DESCENT_LAB_DB, else the app’s)', zh: '数据库文件（否则 $DESCENT_LAB_DB，再否则应用的数据库）' } },
    experiment: { kind: 'integer', value: 'ID', help: { en: 'only the runs of this experiment', zh: '只列出此实验的运行' } },
    json: { kind: 'boolean', help: { en: 'print a JSON array', zh: '输出 JSON 数组' } },
  },
  run({ options: o }, io) {
    const path = resolveDbPath({ flag: o.db, env: io.env });
    let runs: RunRow[] = [];
    // Listing must not create a database where there is none.
    if (existsSync(path)) {
      const store = Store.open(path);
      try {
        if (o.experiment !== undefined) store.getExperiment(o.experiment);
        runs = store.listRuns(o.experiment === undefined ? {} : { experimentId: o.experiment });
      } finally {
        store.close();
      }
    }
    if (o.json) return printJson(io, runs.map(listed));
    const fmt = (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(6)) : v);
    const rows = runs.map((r) => [
      String(r.id),
      r.experimentName,
      r.label,
      r.status,
      Object.entries(r.summary).map(([k, v]) => `${k}=${fmt(v)}`).join(' '),
    ]);
    const head = io.lang === 'zh' ? ['编号', '实验', '标签', '状态', '摘要'] : ['id', 'experiment', 'label', 'status', 'summary'];
    const all = [head, ...rows];
    const widths = head.map((_, i) => Math.max(...all.map((r) => displayWidth(r[i]!))));
    const pad = (c: string, w: number) => c + ' '.repeat(w - displayWidth(c));
    io.out(all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]!))).join('  ')).join('\n') + '\n');
  },
});
