// Messages of the rendering-budget, defaults, snapping and polish fixes (surface lab, charts,
// Compare, Hessian), spread into en.ts and zh-CN.ts so the two tables keep one key set.
export const fixesEn = {
  'entry.lrRetuned': 'Learning rate set to {lr}, the rate suggested for {surface}.',
  'entry.lrKept': 'Your learning rate is kept; the rate suggested for {surface} is {lr}.',
  'lab.snapped': 'Snapped to the critical point at ({x}, {y}).',
  'lab.thinned': 'Drawn through at most {points} points per curve; the CSV has all {total}.',
  'lab.savedConfirm': 'Saved as “{name}” — find it in History.',
  'chart.divergedAt': 'diverged at step {step}',
  'chart.divergedAtEpoch': 'diverged at epoch {step}',
  'hessian.histLog': 'Eigenvalues on a symmetric log axis: sign(λ)·log₁₀(1 + |λ|/{scale})',
  'hessian.negative': 'negative: {count}',
  'hessian.positive': 'positive: {count}',
  'hessian.nearZero': '|λ| < {scale}: {count}',
  'metric.meanBatchLoss': 'mean mini-batch loss',
  'metric.trainLossFull': 'training loss (full pass after the epoch)',
} as const;

export const fixesZh: Record<keyof typeof fixesEn, string> = {
  'entry.lrRetuned': '学习率已设为 {lr}，即 {surface} 上的建议值。',
  'entry.lrKept': '保留了你填写的学习率；{surface} 上的建议值为 {lr}。',
  'lab.snapped': '已吸附到 ({x}, {y}) 处的临界点。',
  'lab.thinned': '每条曲线最多绘制 {points} 个点；CSV 含全部 {total} 个。',
  'lab.savedConfirm': '已保存为“{name}”，可在历史记录中找到。',
  'chart.divergedAt': '在第 {step} 步发散',
  'chart.divergedAtEpoch': '在第 {step} 轮发散',
  'hessian.histLog': '对称对数轴上的特征值：sign(λ)·log₁₀(1 + |λ|/{scale})',
  'hessian.negative': '负：{count}',
  'hessian.positive': '正：{count}',
  'hessian.nearZero': '|λ| < {scale}：{count}',
  'metric.meanBatchLoss': '小批量平均损失',
  'metric.trainLossFull': '训练损失（每轮结束后完整遍历一次）',
};
