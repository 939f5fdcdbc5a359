/**
 * The part of the WebAssembly JavaScript API the SIMD kernels use, typed here because the Node typecheck
 * (lib ES2023 + @types/node) declares no WebAssembly values: TypeScript ships them only in lib "dom", which
 * would let browser globals into Node code. Node, Electron's utility processes and workers all have them.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer
  /** Grow by `pages` pages of 64 KiB; detaches the previous `buffer`. */
  grow(pages: number): number
}

export interface WasmApi {
  validate(bytes: Uint8Array): boolean
  Module: new (bytes: Uint8Array) => object
  Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { readonly exports: Record<string, unknown> }
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory
}

/** The global WebAssembly object, or null where there is none (e.g. V8 run with --jitless). */
export function wasmApi(): WasmApi | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
  return typeof api === 'object' && api !== null ? api : null
}

/**
 * A function returning the module built by `build`, compiled once per process on first use (modules are
 * stateless; each kernel set instantiates its own), or null when the bytes do not validate (no SIMD).
 */
export function compiledOnce(build: () => Uint8Array): (wasm: WasmApi) => object | null {
  let compiled: object | null | undefined
  return (wasm) => {
    if (compiled === undefined) {
      const bytes = build()
      compiled = wasm.validate(bytes) ? new wasm.Module(bytes) : null
    }
    return compiled
  }
}

const PAGE = 65_536

/**
 * An instance of `compiled`'s module over a fresh memory of at least `bytes` bytes (its own, not shared), or
 * null where there is no WebAssembly or the module does not validate: the callers then run their JavaScript.
 */
export function instanceWithMemory(
  compiled: (wasm: WasmApi) => object | null,
  bytes: number,
): { memory: WasmMemory; exports: Record<string, unknown> } | null {
  const wasm = wasmApi()
  const module = wasm ? compiled(wasm) : null
  if (!wasm || !module) return null
  const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE)) })
  return { memory, exports: new wasm.Instance(module, { env: { memory } }).exports }
}
