// The database's start-up notices (app:info storeNotice): a damaged file kept aside, a file from a
// newer version opened read-only, a data folder that cannot be written.
export const storeEn = {
  'store.damaged': 'The database {path} is damaged ({detail}). It is kept untouched as {movedTo}; a fresh, empty database is in use.',
  'store.damagedBackup': 'The last good backup is {backup}. To go back to it, close the app and run: lab restore "{backup}"',
  'store.damagedNoBackup': 'There is no backup to go back to.',
  'store.schemaTooNew': 'The database {path} was written by a newer version of Descent Lab (schema version {found}; this version knows up to {known}). It is open read-only: you can look, but nothing will be saved. Update Descent Lab to work with it.',
  'store.readOnlyFolder': 'The data folder of {path} cannot be written ({detail}). Nothing will be saved this session.',
};

export const storeZh: Record<keyof typeof storeEn, string> = {
  'store.damaged': '数据库 {path} 已损坏（{detail}）。原文件原样保留为 {movedTo}；现在使用的是一个新的空数据库。',
  'store.damagedBackup': '最近一个完好的备份是 {backup}。要恢复它，请关闭应用后运行：lab restore "{backup}"',
  'store.damagedNoBackup': '没有可恢复的备份。',
  'store.schemaTooNew': '数据库 {path} 由更新版本的 Descent Lab 写入（结构版本 {found}；本版本最高支持 {known}）。已以只读方式打开：可以查看，但不会保存任何内容。请更新 Descent Lab 后再使用它。',
  'store.readOnlyFolder': '{path} 所在的数据文件夹不可写（{detail}）。本次不会保存任何内容。',
};
