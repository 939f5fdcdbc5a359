import { wasmApi, type WasmMemory } from '../../wasm/api'

const PAGE_BYTES = 65536
/** Largest arena: 2 GiB of address space is reserved up front (shared memories cannot move), not committed. */
export const ARENA_MAX_PAGES = 32768

/**
 * One WebAssembly memory shared by the SIMD kernels of one network and the network's own buffers, so the
 * products and the gate activations read and write those buffers in place instead of copying them in and out.
 *
 * The memory is SHARED (backed by a SharedArrayBuffer) for one reason: growing it does not detach the views
 * already handed out, so buffers allocated earlier stay valid while the kernels grow their scratch space.
 * Nothing else is shared: one thread uses it. Allocation is a bump pointer; an arena lives as long as its
 * network and goes with it to the garbage collector.
 */
export class WasmArena {
  /** Every buffer object views of this memory have used (a new one after each growth). */
  private readonly buffers = new Set<ArrayBufferLike>()
  private top = 0 // bytes in use
  private scratchAt = 0
  private scratchSize = 0
  private view: Float64Array

  constructor(readonly memory: WasmMemory) {
    this.view = this.refresh()
  }

  /** A fresh zeroed Float64Array of n numbers in the memory, 16-byte aligned. */
  allocate(n: number): Float64Array {
    const at = this.bump(n)
    const view = new Float64Array(this.memory.buffer, at, n)
    view.fill(0) // after a reset the memory holds old values
    return view
  }

  /**
   * A scratch region of at least n numbers for a kernel call, as an index into `heap` (in numbers). The
   * region is reused by the next call (kernels run one at a time); a bigger request moves it up.
   */
  scratch(n: number): number {
    if (n > this.scratchSize) {
      this.scratchAt = this.bump(Math.max(n, 2 * this.scratchSize)) / 8
      this.scratchSize = Math.max(n, 2 * this.scratchSize)
    }
    return this.scratchAt
  }

  /**
   * Forget every allocation (the next ones reuse the memory from the start, zeroed again as they are handed
   * out). The caller must drop the views it had: they would alias the new buffers.
   */
  reset(): void {
    this.top = 0
    this.scratchAt = 0
    this.scratchSize = 0
  }

  /** The whole memory as numbers (re-read after any allocate/scratch call: the memory may have grown). */
  get heap(): Float64Array {
    return this.view
  }

  /** Byte address of element `off` of `a` when `a` lives in this memory, else −1. */
  addressOf(a: Float64Array, off: number): number {
    return this.buffers.has(a.buffer) ? a.byteOffset + 8 * off : -1
  }

  private bump(n: number): number {
    const at = (this.top + 15) & ~15
    const end = at + 8 * n
    const have = this.memory.buffer.byteLength
    if (end > have) {
      this.memory.grow(Math.ceil((end - have) / PAGE_BYTES))
      this.view = this.refresh()
    }
    this.top = end
    return at
  }

  private refresh(): Float64Array {
    const buffer = this.memory.buffer
    this.buffers.add(buffer)
    return new Float64Array(buffer)
  }
}

/** A new arena, or null where shared WebAssembly memories are unavailable. */
export function createWasmArena(): WasmArena | null {
  const wasm = wasmApi()
  if (!wasm) return null
  try {
    return new WasmArena(new wasm.Memory({ initial: 1, maximum: ARENA_MAX_PAGES, shared: true }))
  } catch {
    return null
  }
}
