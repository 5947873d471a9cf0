// `lab surface`: one optimizer on one error surface, the same race the app runs; optionally saved.
import { z } from 'zod';
import type { RaceResult, Trajectory } from '../../../preload/contract';
import { surfaceExperimentSpec, SURFACE_NAMES } from '../../../preload/spec';
import { runRace } from '../../engine/surfaces';
import { resolveDbPath, saveRaceResult, Store } from '../../store';
import { defineCommand, printJson, type CliIo } from '../command';
import { text, UsageError, type Text } from '../text';

/** Which option a spec path came from, so a zod issue can name what the user typed. */
function optionFor(path: readonly PropertyKey[]): { option: string; rest: PropertyKey[] } {
  const [head, , field, ...rest] = path;
  if (head === 'entries' && (field === 'optimizer' || field === 'schedule')) return { option: `--${field}`, rest };
  return { option: `--${String(head ?? 'spec')}`, rest: path.slice(1) };
}

/** "--optimizer: lr: Too small…; --steps: Too big…", one clause per option. */
export function describeByOption(error: z.ZodError): string {
  const byOption = new Map<string, string[]>();
  for (const issue of error.issues) {
    const { option, rest } = optionFor(issue.path);
    const list = byOption.get(option) ?? [];
    list.push(`${rest.length ? rest.join('.') + ': ' : ''}${issue.message}`);
    byOption.set(option, list);
  }
  return [...byOption].map(([option, list]) => `${option}: ${list.join('; ')}`).join('; ');
}

const msg = {
  saved: { en: 'saved as experiment {experimentId}, run {runId} in {path}', zh: '已保存为实验 {experimentId}，运行 {runId}（{path}）' },
  diverged: { en: 'diverged after {steps} updates', zh: '在 {steps} 次更新后发散' },
  completed: { en: 'completed {steps} updates', zh: '完成 {steps} 次更新' },
  final: { en: 'final', zh: '终点' },
  best: { en: 'best loss', zh: '最低损失' },
  saveName: { en: '--save: the name must be 1 to 200 characters', zh: '--save：名称须为 1 到 200 个字符' },
} satisfies Record<string, Text>;

function summary(race: RaceResult, t: Trajectory, io: CliIo): string {
  const [x0, y0] = race.spec.start;
  const last = t.points[t.points.length - 1]!;
  const best = Math.min(...t.points.map((p) => p[2]).filter(Number.isFinite));
  const steps = t.points.length - 1;
  const outcome = text(t.status === 'diverged' ? msg.diverged : msg.completed, { steps })[io.lang];
  const lines = [
    `${race.fn} (${x0}, ${y0}) · ${t.label} · ${outcome}`,
    `${msg.final[io.lang]}: x = ${last[0]}, y = ${last[1]}, loss = ${last[2]}`,
    `${msg.best[io.lang]}: ${best}`,
    `lr: ${t.lr[0] ?? '-'} → ${t.lr[t.lr.length - 1] ?? '-'}`,
  ];
  return lines.join('\n') + '\n';
}

export default defineCommand({
  name: 'surface',
  summary: { en: 'run one optimizer on a 2-D error surface', zh: '在二维误差曲面上运行一个优化器' },
  options: {
    fn: { kind: 'string', required: true, value: 'NAME', help: { en: `surface: ${SURFACE_NAMES.join(', ')}`, zh: `曲面：${SURFACE_NAMES.join(', ')}` } },
    start: { kind: 'point', required: true, value: 'X,Y', help: { en: 'start point (use --start=-1.2,1 for negative x)', zh: '起点（x 为负时写 --start=-1.2,1）' } },
    steps: { kind: 'integer', required: true, value: 'N', help: { en: 'number of updates', zh: '更新次数' } },
    optimizer: { kind: 'json', required: true, value: 'JSON', help: { en: 'optimizer spec, e.g. {"name":"adam","lr":0.01}', zh: '优化器设置，如 {"name":"adam","lr":0.01}' } },
    schedule: { kind: 'json', value: 'JSON', help: { en: 'learning-rate schedule, default {"name":"constant"}', zh: '学习率调度，默认 {"name":"constant"}' } },
    seed: { kind: 'integer', value: 'N', help: { en: 'seed for gradient noise (default 1)', zh: '梯度噪声的随机种子（默认 1）' } },
    json: { kind: 'boolean', help: { en: 'print one JSON object', zh: '输出一个 JSON 对象' } },
    save: { kind: 'string', value: 'NAME', help: { en: 'store the run as an experiment with this name', zh: '以此名称保存为实验' } },
    db: { kind: 'string', value: 'FILE', help: { en: 'database file for --save (else $DESCENT_LAB_DB, else the app’s)', zh: '--save 使用的数据库文件（否则 $DESCENT_LAB_DB，再否则应用的数据库）' } },
  },
  run({ options: o }, io) {
    const entry: Record<string, unknown> = { optimizer: o.optimizer };
    if (o.schedule !== undefined) entry.schedule = o.schedule;
    const parsed = surfaceExperimentSpec.safeParse({ fn: o.fn, start: o.start, steps: o.steps, seed: o.seed, entries: [entry] });
    if (!parsed.success) throw new UsageError({ en: describeByOption(parsed.error), zh: describeByOption(parsed.error) });
    const name = o.save?.trim();
    if (name !== undefined && (name.length === 0 || name.length > 200)) throw new UsageError(msg.saveName);
    const race = runRace(parsed.data);
    const t = race.trajectories[0]!;
    let saved: { experimentId: number; runId: number; path: string } | undefined;
    if (name !== undefined) {
      const store = Store.open(resolveDbPath({ flag: o.db, env: io.env }));
      try {
        const { experimentId, runIds } = saveRaceResult(store, { name }, race);
        saved = { experimentId, runId: runIds[0]!, path: store.path };
      } finally {
        store.close();
      }
    }
    if (o.json) {
      printJson(io, {
        fn: race.fn,
        label: t.label,
        points: t.points,
        lr: t.lr,
        gradNorm: t.gradNorm,
        status: t.status,
        ...(t.notes ? { notes: t.notes } : {}),
        ...(t.traces ? { traces: t.traces } : {}),
        ...(saved ? { experimentId: saved.experimentId, runId: saved.runId } : {}),
      });
    } else {
      io.out(summary(race, t, io));
      if (saved) io.out(text(msg.saved, saved)[io.lang] + '\n');
    }
  },
});
