// Messages of the state that survives: lab drafts (kept, dropped, reset) and the web-mode
// connection coming back. Spread into en.ts and zh-CN.ts so the two tables keep one key set.
export const stateEn = {
  'draft.reset': 'Reset to defaults',
  'draft.resetTitle': 'Forget this lab’s saved draft and start again from the defaults',
  'draft.resetDone': 'The {lab} is back to its defaults.',
  'draft.dropped': 'The saved draft of the {lab} could not be read (it is from another version or damaged) and was set aside; the lab starts from its defaults.',
  'draft.lab.surface': 'error-surface lab',
  'draft.lab.network': 'network lab',
  'draft.lab.batch': 'batch-size lab',
  'draft.lab.bound': 'generalization-bound lab',
  'draft.lab.compare': 'comparison',
  'conn.connected': 'Connected again.',
} as const;

export const stateZh: Record<keyof typeof stateEn, string> = {
  'draft.reset': '恢复默认设置',
  'draft.resetTitle': '丢弃此实验保存的草稿，从默认设置重新开始',
  'draft.resetDone': '{lab}：已恢复默认设置。',
  'draft.dropped': '{lab}保存的草稿无法读取（来自其他版本或已损坏），已被舍弃；实验将从默认设置开始。',
  'draft.lab.surface': '误差曲面实验',
  'draft.lab.network': '网络训练实验',
  'draft.lab.batch': '批次大小实验',
  'draft.lab.bound': '泛化界实验',
  'draft.lab.compare': '对比',
  'conn.connected': '已重新连接。',
};
