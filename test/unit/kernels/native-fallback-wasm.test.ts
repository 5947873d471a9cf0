// Fallback: DESCENT_LAB_KERNELS=wasm runs the WebAssembly kernels (the switch is set before the engine loads).
process.env.DESCENT_LAB_KERNELS = 'wasm';
const { fallbackSuite } = await import('./fallback-suite');
fallbackSuite('DESCENT_LAB_KERNELS=wasm: the WebAssembly kernels', 'wasm-simd128');

export {};
