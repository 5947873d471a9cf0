// `lab course list --json` and `lab course run N [--seeds K] [--db FILE] --json`: the lecture's
// seven sections, and a section's experiments run, stored (tagged "Course §N") and judged by the
// same code as the app's Course area. Exit 0 when every check passes, 1 when any fails, 130 when
// stopped by Ctrl+C (the runs so far stored as stopped).
import type { CourseSectionNumber } from '../../../preload/course';
import { courseSections } from '../../course/sections';
import { runSection } from '../../course/runner';
import { WorkerPool } from '../../engine/pool/pool';
import { resolveDbPath, Store } from '../../store';
import { defineCommand, printJson } from '../command';
import { text, UsageError, type Text } from '../text';

const msg = {
  action: { en: 'the first argument must be "list" or "run", not {got}', zh: '第一个参数须为 "list" 或 "run"，而不是 {got}' },
  section: { en: 'course run needs a section number 1–7, not {got}', zh: 'course run 需要 1–7 的节号，而不是 {got}' },
  extra: { en: 'course list takes no further argument', zh: 'course list 不接受其他参数' },
  seeds: { en: '--seeds must be a whole number from 1 to 10, not {got}', zh: '--seeds 须为 1 到 10 的整数，而不是 {got}' },
  progress: { en: '§{section} [{done}/{total}] {label}', zh: '第 {section} 节 [{done}/{total}] {label}' },
  verdict: { en: '{mark} {id}: {summary}', zh: '{mark} {id}：{summary}' },
  stopped: { en: '§{section}: stopped; its runs so far are stored as stopped, no check judged', zh: '第 {section} 节：已停止；已有的运行保存为“已停止”，未判定任何检查' },
  done: { en: '§{section}: {passed}/{total} checks passed in {seconds} s', zh: '第 {section} 节：{total} 项检查通过 {passed} 项，用时 {seconds} 秒' },
} satisfies Record<string, Text>;

export default defineCommand({
  name: 'course',
  summary: { en: 'the lecture course: list its sections, or run one and check its claims', zh: '课程：列出各节，或运行一节并检查其结论' },
  positionals: [
    { name: 'list|run', required: true, help: { en: 'what to do', zh: '要做什么' } },
    { name: 'N', help: { en: 'run: the section, 1–7', zh: 'run：节号 1–7' } },
  ],
  options: {
    seeds: { kind: 'integer', value: 'K', help: { en: 'run: seeds 1..K (else the section’s default)', zh: 'run：使用种子 1..K（否则用该节的默认值）' } },
    db: { kind: 'string', value: 'FILE', help: { en: 'database file (else $DESCENT_LAB_DB, else the app’s)', zh: '数据库文件（否则 $DESCENT_LAB_DB，再否则应用的数据库）' } },
    json: { kind: 'boolean', help: { en: 'print the result as one JSON object (progress then stays quiet)', zh: '以一个 JSON 对象输出结果（此时不输出进度）' } },
  },
  async run({ options: o, positionals }, io) {
    const [action, arg] = positionals as [string, string | undefined];
    if (action === 'list') {
      if (arg !== undefined) throw new UsageError(msg.extra);
      const sections = courseSections().map(({ section, id, title, checks }) => ({ section, id, title, checks }));
      if (o.json) return printJson(io, sections);
      for (const s of sections) io.out(`§${s.section} ${s.title[io.lang]}\n${s.checks.map((c) => `  - ${c.id}: ${c.claim[io.lang]}\n`).join('')}`);
      return 0;
    }
    if (action !== 'run') throw new UsageError(text(msg.action, { got: JSON.stringify(action) }));
    const section = Number(arg);
    if (arg === undefined || !/^[1-7]$/.test(arg.trim())) throw new UsageError(text(msg.section, { got: JSON.stringify(arg ?? '') }));
    if (o.seeds !== undefined && (o.seeds < 1 || o.seeds > 10)) throw new UsageError(text(msg.seeds, { got: o.seeds }));
    const store = Store.open(resolveDbPath({ flag: o.db, env: io.env }));
    const pool = new WorkerPool();
    const started = performance.now();
    // Ctrl+C stops the section as the app's Stop does: its runs end 'stopped', stored consistently.
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const result = await runSection({
        store,
        pool,
        section: section as CourseSectionNumber,
        seeds: o.seeds,
        signal: stop.signal,
        onProgress: o.json ? undefined : (p) => io.err(text(msg.progress, { ...p })[io.lang] + '\n'),
      });
      const passed = result.checks.filter((c) => c.passed).length;
      if (o.json) printJson(io, result);
      else if (result.stopped) io.err(text(msg.stopped, { section })[io.lang] + '\n');
      else {
        for (const c of result.checks) io.out(text(msg.verdict, { mark: c.passed ? '✓' : '✗', id: c.id, summary: c.summary[io.lang] })[io.lang] + '\n');
        io.err(text(msg.done, { section, passed, total: result.checks.length, seconds: ((performance.now() - started) / 1000).toFixed(1) })[io.lang] + '\n');
      }
      if (result.stopped) return 130;
      return passed === result.checks.length && result.checks.length > 0 ? 0 : 1;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      store.close();
      await pool.shutdown();
    }
  },
});
