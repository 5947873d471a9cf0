// The About page's line on the training engine's compute kernels (app:info `kernels`), spread into
// en.ts and zh-CN.ts so the two tables keep one key set.
export const computeEn = {
  'about.kernels': 'Training kernels: {kernels}',
  'about.kernels.native-avx512': 'native, AVX-512 (compiled at install, chosen for this CPU)',
  'about.kernels.native-avx2': 'native, AVX2 + FMA (compiled at install, chosen for this CPU)',
  'about.kernels.wasm-simd128': 'WebAssembly SIMD (the native kernels are not available here)',
  'about.kernels.typescript': 'TypeScript (the native and WebAssembly kernels are off or unavailable)',
};

export const computeZh: Record<keyof typeof computeEn, string> = {
  'about.kernels': '训练计算内核：{kernels}',
  'about.kernels.native-avx512': '原生代码，AVX-512（安装时编译，按本机 CPU 选择）',
  'about.kernels.native-avx2': '原生代码，AVX2 + FMA（安装时编译，按本机 CPU 选择）',
  'about.kernels.wasm-simd128': 'WebAssembly SIMD（本机无法使用原生内核）',
  'about.kernels.typescript': 'TypeScript（原生与 WebAssembly 内核已关闭或不可用）',
};
