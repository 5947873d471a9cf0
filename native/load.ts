// Instantiating the committed kernels (each NAME-wasm.ts holds NAME.wasm as base64, see build.mjs).
// The project's lib (ES2023, no DOM) has no WebAssembly types; the few used here.
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

export const WASM_PAGE = 65536;

export function wasmBytes(base64: string): Uint8Array {
  return Uint8Array.from(Buffer.from(base64, 'base64'));
}

/** The module's exports; throws where WebAssembly or its SIMD is unavailable. */
export function instantiateWasm<E>(bytes: Uint8Array): E {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!api) throw new Error('this JavaScript engine has no WebAssembly');
  return new api.Instance(new api.Module(bytes), {}).exports as E;
}
