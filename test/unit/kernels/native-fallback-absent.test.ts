// Fallback: with the addon absent (as if it had not compiled at install) the WebAssembly kernels run.
process.env.DESCENT_LAB_NATIVE = '/nonexistent/descent_lab_native.node';
const { fallbackSuite } = await import('./fallback-suite');
fallbackSuite('the addon absent: the WebAssembly kernels', 'wasm-simd128');

export {};
