// Fallback: DESCENT_LAB_KERNELS=ts runs the TypeScript twins (the switch is set before the engine loads).
process.env.DESCENT_LAB_KERNELS = 'ts';
const { fallbackSuite } = await import('./fallback-suite');
fallbackSuite('DESCENT_LAB_KERNELS=ts: the TypeScript twins', 'typescript');

export {};
