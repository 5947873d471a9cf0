// `lab restore FILE`: the database replaced by a backup, once the backup passes its check; the
// database that was there is kept beside it (…db.before-restore-<date>), never overwritten.
import { lastGoodBackup, resolveDbPath, restoreDatabase, RestoreError } from '../../store';
import { defineCommand, printJson } from '../command';
import { CommandError, text, type Text } from '../text';

const msg = {
  refused: { en: '{why}', zh: '{why}' },
  restored: { en: 'restored {file} as {path}; the previous database is kept as {previous}', zh: '已将 {file} 恢复为 {path}；原数据库保留为 {previous}' },
  restoredFresh: { en: 'restored {file} as {path}', zh: '已将 {file} 恢复为 {path}' },
  noBackup: { en: 'no FILE given and no backup found beside {path}', zh: '未指定 FILE，且 {path} 旁没有备份' },
} satisfies Record<string, Text>;

export default defineCommand({
  name: 'restore',
  summary: { en: 'replace the database with a backup (checked first; the current one is kept)', zh: '用备份替换数据库（先检查备份；保留当前数据库）' },
  positionals: [{ name: 'FILE', required: false, help: { en: 'the backup (else the newest good one in backups/)', zh: '备份文件（否则为 backups/ 中最新的完好备份）' } }],
  options: {
    db: { kind: 'string', value: 'FILE', help: { en: 'database file (else $DESCENT_LAB_DB, else the app’s)', zh: '数据库文件（否则 $DESCENT_LAB_DB，再否则应用的数据库）' } },
    json: { kind: 'boolean', help: { en: 'print the result as JSON', zh: '以 JSON 输出结果' } },
  },
  run({ options: o, positionals }, io) {
    const path = resolveDbPath({ flag: o.db, env: io.env });
    const file = positionals[0] ?? lastGoodBackup(path);
    if (!file) throw new CommandError(text(msg.noBackup, { path }));
    let r;
    try {
      r = restoreDatabase(path, file);
    } catch (e) {
      if (e instanceof RestoreError) throw new CommandError(text(msg.refused, { why: e.message }));
      throw e;
    }
    io.err(text(r.previous ? msg.restored : msg.restoredFresh, { file, path, previous: r.previous ?? '' })[io.lang] + '\n');
    return printJson(io, { ...r, file });
  },
});
