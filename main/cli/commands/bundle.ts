// `lab bundle export RUN_ID --out FILE` and `lab bundle import FILE`: a run with its spec, every
// metric series and its weights as one JSON file, to carry results between machines — the same
// bundle the app's History page writes and reads (main/store/bundle.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { BundleError, exportRunBundle, importRunBundle, resolveDbPath, Store } from '../../store';
import { defineCommand, printJson } from '../command';
import { CommandError, text, UsageError, type Text } from '../text';

const msg = {
  action: { en: 'the first argument must be "export" or "import", not {got}', zh: '第一个参数须为 "export" 或 "import"，而不是 {got}' },
  runId: { en: 'RUN_ID must be a positive integer, not {got}', zh: 'RUN_ID 须为正整数，而不是 {got}' },
  out: { en: 'bundle export needs --out FILE', zh: 'bundle export 需要 --out FILE' },
  file: { en: 'bundle import needs the bundle FILE', zh: 'bundle import 需要运行包文件 FILE' },
  cannotRead: { en: 'cannot read {path}: {why}', zh: '无法读取 {path}：{why}' },
  cannotWrite: { en: 'cannot write {path}: {why}', zh: '无法写入 {path}：{why}' },
  invalid: { en: 'not a valid run bundle: {why}', zh: '不是有效的运行包：{why}' },
  written: { en: 'wrote {path}', zh: '已写入 {path}' },
} satisfies Record<string, Text>;

export default defineCommand({
  name: 'bundle',
  summary: { en: 'export a run as a bundle (spec, metrics, weights) or import one', zh: '将运行导出为运行包（设置、指标、权重）或导入运行包' },
  positionals: [
    { name: 'export|import', required: true, help: { en: 'what to do', zh: '要做什么' } },
    { name: 'RUN_ID|FILE', required: true, help: { en: 'export: the run id; import: the bundle file', zh: '导出：运行编号；导入：运行包文件' } },
  ],
  options: {
    out: { kind: 'string', value: 'FILE', help: { en: 'export: the bundle file to write', zh: '导出：要写入的运行包文件' } },
    db: { kind: 'string', value: 'FILE', help: { en: 'database file (else $DESCENT_LAB_DB, else the app’s)', zh: '数据库文件（否则 $DESCENT_LAB_DB，再否则应用的数据库）' } },
  },
  run({ options: o, positionals }, io) {
    const [action, arg] = positionals as [string, string];
    if (action !== 'export' && action !== 'import') throw new UsageError(text(msg.action, { got: JSON.stringify(action) }));
    if (action === 'export') {
      const runId = Number(arg);
      if (!Number.isInteger(runId) || runId <= 0) throw new UsageError(text(msg.runId, { got: JSON.stringify(arg) }));
      if (o.out === undefined) throw new UsageError(msg.out);
      const store = Store.open(resolveDbPath({ flag: o.db, env: io.env }));
      let body: string;
      try {
        body = JSON.stringify(exportRunBundle(store, runId));
      } finally {
        store.close();
      }
      try {
        writeFileSync(o.out, body);
      } catch (e) {
        throw new CommandError(text(msg.cannotWrite, { path: o.out, why: (e as Error).message }));
      }
      io.err(text(msg.written, { path: o.out })[io.lang] + '\n');
      return printJson(io, { runId, out: o.out, bytes: Buffer.byteLength(body) });
    }
    let body: string;
    try {
      body = readFileSync(arg, 'utf8');
    } catch (e) {
      throw new CommandError(text(msg.cannotRead, { path: arg, why: (e as Error).message }));
    }
    const store = Store.open(resolveDbPath({ flag: o.db, env: io.env }));
    try {
      return printJson(io, importRunBundle(store, body));
    } catch (e) {
      if (e instanceof BundleError) throw new CommandError(text(msg.invalid, { why: e.message }));
      throw e;
    } finally {
      store.close();
    }
  },
});
