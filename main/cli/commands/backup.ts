// `lab backup [--out FILE]`: an online copy of the database (SQLite's backup API: consistent even
// while the app trains), by default into the data folder's backups/ beside the daily ones.
import { existsSync, statSync } from 'node:fs';
import { backupTo, manualBackupPath, resolveDbPath, Store } from '../../store';
import { defineCommand, printJson } from '../command';
import { CommandError, text, type Text } from '../text';

const msg = {
  noDb: { en: 'there is no database at {path}', zh: '{path} 处没有数据库' },
  failed: { en: 'the backup failed: {why}', zh: '备份失败：{why}' },
  written: { en: 'backed up {db} to {out}', zh: '已将 {db} 备份到 {out}' },
} satisfies Record<string, Text>;

export default defineCommand({
  name: 'backup',
  summary: { en: 'copy the database to a backup file (safe while the app runs)', zh: '将数据库复制为备份文件（应用运行时也安全）' },
  options: {
    out: { kind: 'string', value: 'FILE', help: { en: 'the backup file (else backups/ in the data folder)', zh: '备份文件（否则为数据文件夹中的 backups/）' } },
    db: { kind: 'string', value: 'FILE', help: { en: 'database file (else $DESCENT_LAB_DB, else the app’s)', zh: '数据库文件（否则 $DESCENT_LAB_DB，再否则应用的数据库）' } },
  },
  async run({ options: o }, io) {
    const path = resolveDbPath({ flag: o.db, env: io.env });
    if (!existsSync(path)) throw new CommandError(text(msg.noDb, { path }));
    const out = o.out ?? manualBackupPath(path);
    const store = Store.open(path);
    try {
      await backupTo(store.db, out);
    } catch (e) {
      throw new CommandError(text(msg.failed, { why: (e as Error).message }));
    } finally {
      store.close();
    }
    io.err(text(msg.written, { db: path, out })[io.lang] + '\n');
    return printJson(io, { db: path, out, bytes: statSync(out).size });
  },
});
