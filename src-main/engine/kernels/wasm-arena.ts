import type { FloatArray } from './matmul'
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
  /** bumped by every reset: regions handed out before it are gone */
  generation = 0
  private scratchAt = 0 // bytes
  private scratchSize = 0 // bytes
  private view: Float64Array
  private view32: Float32Array

  constructor(readonly memory: WasmMemory) {
    this.view = new Float64Array(0)
    this.view32 = new Float32Array(0)
    this.refresh()
  }

  /** A fresh zeroed Float64Array of n numbers in the memory, 16-byte aligned. */
  allocate(n: number): Float64Array {
    const at = this.bump(8 * n)
    const view = new Float64Array(this.memory.buffer, at, n)
    view.fill(0) // after a reset the memory holds old values
    return view
  }

  /** A fresh zeroed Float32Array of n numbers in the memory, 16-byte aligned. */
  allocate32(n: number): Float32Array {
    const at = this.bump(4 * n)
    const view = new Float32Array(this.memory.buffer, at, n)
    view.fill(0)
    return view
  }

  /**
   * A scratch region of at least `bytes` bytes for a kernel call, as a byte address (16-byte aligned). The
   * region is reused by the next call (kernels run one at a time); a bigger request moves it up.
   */
  scratchBytes(bytes: number): number {
    if (bytes > this.scratchSize) {
      const size = Math.max(bytes, 2 * this.scratchSize)
      this.scratchAt = this.bump(size)
      this.scratchSize = size
    }
    return this.scratchAt
  }

  /** `bytes` bytes of the memory, 16-byte aligned, kept until the next reset; returns the byte address. */
  region(bytes: number): number {
    return this.bump(bytes)
  }

  /** A scratch region of at least n float64 numbers, as an index into `heap` (see scratchBytes). */
  scratch(n: number): number {
    return this.scratchBytes(8 * n) / 8
  }

  /**
   * Forget every allocation (the next ones reuse the memory from the start, zeroed again as they are handed
   * out). The caller must drop the views it had: they would alias the new buffers.
   */
  reset(): void {
    this.generation++
    this.top = 0
    this.scratchAt = 0
    this.scratchSize = 0
  }

  /** The whole memory as float64 numbers (re-read after any allocate/scratch call: the memory may have grown). */
  get heap(): Float64Array {
    return this.view
  }

  /** The whole memory as float32 numbers (same caveat). */
  get heap32(): Float32Array {
    return this.view32
  }

  /**
   * Byte address of element `off` of `a` when `a` lives in this memory, else −1. With `bytes` (the element
   * size a kernel reads), an array of another element size counts as foreign: it is copied and converted.
   */
  addressOf(a: FloatArray, off: number, bytes: number = a.BYTES_PER_ELEMENT): number {
    if (a.BYTES_PER_ELEMENT !== bytes || !this.buffers.has(a.buffer)) return -1
    return a.byteOffset + bytes * off
  }

  /** Reserve `bytes` at a 16-byte boundary; returns the byte address. */
  private bump(bytes: number): number {
    const at = (this.top + 15) & ~15
    const end = at + bytes
    const have = this.memory.buffer.byteLength
    if (end > have) {
      this.memory.grow(Math.ceil((end - have) / PAGE_BYTES))
      this.refresh()
    }
    this.top = end
    return at
  }

  private refresh(): void {
    const buffer = this.memory.buffer
    this.buffers.add(buffer)
    this.view = new Float64Array(buffer)
    this.view32 = new Float32Array(buffer)
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
