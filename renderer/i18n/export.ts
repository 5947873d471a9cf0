// Messages of Export to PyTorch (History), spread into en.ts and zh-CN.ts so both tables keep one key set.
export const exportEn = {
  'export.pytorch': 'PyTorch…',
  'export.pytorchHelp': 'Export as a PyTorch project: train.py with this run’s data, initial weights and batch order, to train it again with PyTorch (one process or DistributedDataParallel) and import the result beside this run.',
  'export.pytorchBusy': 'Exporting run {id} as a PyTorch project…',
  'export.pytorchFolder': 'Wrote the PyTorch project to {path} ({files} files). Run python3 train.py --out bundle.json there, then import bundle.json in History.',
  'export.pytorchArchive': 'Downloaded {file}: unpack it, run python3 train.py --out bundle.json, then import bundle.json in History.',
} as const;

export const exportZh: Record<keyof typeof exportEn, string> = {
  'export.pytorch': 'PyTorch…',
  'export.pytorchHelp': '导出为 PyTorch 项目：train.py 连同本次运行的数据、初始权重和批次顺序，可用 PyTorch（单进程或 DistributedDataParallel）重新训练，再把结果导入到本次运行旁边对比。',
  'export.pytorchBusy': '正在把运行 {id} 导出为 PyTorch 项目…',
  'export.pytorchFolder': '已将 PyTorch 项目写入 {path}（{files} 个文件）。在该文件夹运行 python3 train.py --out bundle.json，再在历史记录中导入 bundle.json。',
  'export.pytorchArchive': '已下载 {file}：解压后运行 python3 train.py --out bundle.json，再在历史记录中导入 bundle.json。',
};
