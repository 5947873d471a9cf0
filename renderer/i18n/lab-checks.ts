// Messages of the labs' checks and guides: the batch-size lab's list of sizes, the Network lab's
// presets (what each shows and why these settings) and its re-attached run. Spread into en.ts and
// zh-CN.ts so the two tables keep one key set.
export const labChecksEn = {
  'batch.sizesNone': 'Batch sizes: give 1 to 8 whole numbers between 1 and 4096, separated by commas',
  'batch.sizesEmptyItem': 'Batch sizes: an empty item between two commas — remove the extra comma',
  'batch.sizesDuplicate': 'Batch sizes: {b} is given twice — give each size once',
  'batch.sizesTooMany': 'Batch sizes: {n} sizes given — at most {max}',
  'net.preset.lectureShallow': 'Lecture §1 · 1 shallow (2 × 16, whole experiment)',
  'net.preset.lectureDeepPlain': 'Lecture §1 · 2 deep plain (20 × 16, whole experiment)',
  'net.preset.lectureDeepResidual': 'Lecture §1 · 3 deep residual (2 × 16 + 9 blocks of 2, whole experiment)',
  'net.presetNote.mlp': 'Two ReLU layers of 32. Only the layers change; the rest of the experiment stays as it is.',
  'net.presetNote.shallow': 'One ReLU layer of 32. Only the layers change; the rest of the experiment stays as it is.',
  'net.presetNote.lectureShallow':
    'Lecture §1, step 1 of 3: two ReLU layers of 16 on moons (Xavier init, SGD with momentum η = 0.02, 30 epochs) — the training loss a small net reaches (≈ 0.05). Deep plain and Deep residual keep every setting but the layers.',
  'net.presetNote.lectureDeepPlain':
    'Step 2 of 3: twenty such layers, same settings. With Xavier init each ReLU layer halves the signal, the gradient vanishes and the training loss stays near ln 2 ≈ 0.69 — worse than the shallow net, which it could imitate: an optimization failure, not overfitting.',
  'net.presetNote.lectureDeepResidual':
    'Step 3 of 3: the same twenty layers with shortcuts, relu(x + F(x)). The identity path carries signal and gradient through the depth, and the training loss falls far below the shallow net’s. Compare the three runs in Compare.',
} as const;

export const labChecksZh: Record<keyof typeof labChecksEn, string> = {
  'batch.sizesNone': '批次大小：请填写 1 到 8 个 1 至 4096 之间的整数，用逗号分隔',
  'batch.sizesEmptyItem': '批次大小：两个逗号之间是空的——请删去多余的逗号',
  'batch.sizesDuplicate': '批次大小：{b} 填了两次——每个大小只填一次',
  'batch.sizesTooMany': '批次大小：填了 {n} 个——最多 {max} 个',
  'net.preset.lectureShallow': '讲义 §1 · 1 浅层（2 × 16，整套实验）',
  'net.preset.lectureDeepPlain': '讲义 §1 · 2 深层普通网络（20 × 16，整套实验）',
  'net.preset.lectureDeepResidual': '讲义 §1 · 3 深层残差网络（2 × 16 + 9 个两层残差块，整套实验）',
  'net.presetNote.mlp': '两个 32 单元的 ReLU 层。只替换各层，实验的其他设置保持不变。',
  'net.presetNote.shallow': '一个 32 单元的 ReLU 层。只替换各层，实验的其他设置保持不变。',
  'net.presetNote.lectureShallow':
    '讲义 §1，第 1 步（共 3 步）：在 moons 数据上用两个 16 单元的 ReLU 层（Xavier 初始化，动量 SGD，η = 0.02，30 轮）——小网络能达到的训练损失（≈ 0.05）。“深层普通”和“深层残差”除各层外保留全部设置。',
  'net.presetNote.lectureDeepPlain':
    '第 2 步：同样的层叠到二十层，其他设置相同。在 Xavier 初始化下每个 ReLU 层都让信号减半，梯度消失，训练损失停在 ln 2 ≈ 0.69 附近——比浅层网络还差，而它本可以模仿浅层网络：这是优化失败，不是过拟合。',
  'net.presetNote.lectureDeepResidual':
    '第 3 步：同样的二十层加上捷径连接 relu(x + F(x))。恒等路径把信号和梯度传过整个深度，训练损失远低于浅层网络。可在“对比”页比较这三个运行。',
};
