// Messages of the labs' checks and guides: the batch-size lab's list of sizes, the Network lab's
// presets (what each shows and why these settings) and its re-attached run. Spread into en.ts and
// zh-CN.ts so the two tables keep one key set.
export const labChecksEn = {
  'batch.sizesNone': 'Batch sizes: give 1 to 8 whole numbers between 1 and 4096, separated by commas',
  'batch.sizesEmptyItem': 'Batch sizes: an empty item between two commas — remove the extra comma',
  'batch.sizesDuplicate': 'Batch sizes: {b} is given twice — give each size once',
  'batch.sizesTooMany': 'Batch sizes: {n} sizes given — at most {max}',
} as const;

export const labChecksZh: Record<keyof typeof labChecksEn, string> = {
  'batch.sizesNone': '批次大小：请填写 1 到 8 个 1 至 4096 之间的整数，用逗号分隔',
  'batch.sizesEmptyItem': '批次大小：两个逗号之间是空的——请删去多余的逗号',
  'batch.sizesDuplicate': '批次大小：{b} 填了两次——每个大小只填一次',
  'batch.sizesTooMany': '批次大小：填了 {n} 个——最多 {max} 个',
};
