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
 * How one of our modules has been used in this process. A fast path must be seen to be taken: each user
 * counts its calls into the module, and a module that cannot run says why, once (the tests read both).
 */
export interface WasmModuleUse {
  readonly name: string
  /** calls into the module's code on the normal path (counted by its user) */
  calls: number
  /** why it runs its JavaScript instead, or null */
  fallback: string | null
}

const uses = new Map<string, WasmModuleUse>()

/** The use record of the module called `name` (one per process). */
export function wasmModuleUse(name: string): WasmModuleUse {
  let use = uses.get(name)
  if (!use) {
    use = { name, calls: 0, fallback: null }
    uses.set(name, use)
  }
  return use
}

/** Records that a module runs its JavaScript instead, with one console.warn line per module per process. */
export function reportFallback(use: WasmModuleUse, reason: string): void {
  if (use.fallback !== null) return
  use.fallback = reason
  console.warn(`[wasm] ${use.name} module: ${reason}; running its JavaScript instead.`)
}

/** One of our modules: built by the emitter, compiled once per process on first use. */
export interface OwnModule {
  readonly use: WasmModuleUse
  /** the compiled module (modules are stateless; each user instantiates its own), or null, reported */
  compiled(wasm: WasmApi): object | null
}

/** The module `name` that `build` emits; it is built, validated and compiled on first use. */
export function ownModule(name: string, build: () => Uint8Array): OwnModule {
  const use = wasmModuleUse(name)
  let compiled: object | null | undefined
  return {
    use,
    compiled(wasm) {
      if (compiled === undefined) {
        compiled = null
        const bytes = build()
        try {
          // validate() says only yes or no; compiling says what is wrong
          if (wasm.validate(bytes)) compiled = new wasm.Module(bytes)
          else new wasm.Module(bytes)
        } catch (error) {
          reportFallback(use, `it does not compile (${(error as Error).message})`)
        }
        if (!compiled) reportFallback(use, 'it does not validate')
      }
      return compiled
    },
  }
}

const PAGE = 65_536

/**
 * An instance of `module` over a fresh memory of at least `bytes` bytes (its own, not shared), or null where
 * there is no WebAssembly or the module does not compile (reported): the callers then run their JavaScript.
 */
export function instanceWithMemory(
  module: OwnModule,
  bytes: number,
): { memory: WasmMemory; exports: Record<string, unknown> } | null {
  const wasm = wasmApi()
  if (!wasm) {
    reportFallback(module.use, 'this process has no WebAssembly')
    return null
  }
  const compiled = module.compiled(wasm)
  if (!compiled) return null
  const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE)) })
  return { memory, exports: new wasm.Instance(compiled, { env: { memory } }).exports }
}
