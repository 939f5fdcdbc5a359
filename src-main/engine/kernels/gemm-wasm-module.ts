import { ARENA_MAX_PAGES } from './wasm-arena'
import { F64_LANES, type Lanes } from './wasm-lanes'
import { encodeModule, WasmFunction } from '../../wasm/emitter'
import { I32, Op, V128 } from '../../wasm/opcodes'

/**
 * The WebAssembly module behind the SIMD matrix products: three functions over packed operands, in the
 * GotoBLAS/BLIS arrangement, emitted for float64 (f64x2, the reference path) or float32 (f32x4, the fast path;
 * see wasm-lanes.ts). All addresses, strides and sizes are in BYTES of the module's memory.
 *
 *   packA / packB(dst, src, lineStride, kStride, lines, kc)
 *     Copy `lines` lines of kc numbers (element k of line l at src + l·lineStride + k·kStride) into panels of
 *     L lines (L = MR for packA, NR for packB), k-major: dst[(p·kc + k)·L + r] = line p·L + r, element k; a
 *     last panel with fewer than L lines is padded with zeros. Rows of A and columns of B are both "lines", so
 *     NN, NT and TN differ only in the two strides.
 *
 *   kernel(c, ldc, ap, bp, M, N, kc, tile)
 *     C[M, N] (row stride ldc) += Ap · Bp over one k-block of kc. Each MR×NR tile of C lives in MR·NR/lanes
 *     accumulators; per k it loads NR/lanes vectors of B and broadcasts MR numbers of A. Accumulators start at
 *     zero and are added to C once at the end of the k-block, like the JavaScript kernels, so in float64 each
 *     element of C gets the same sum in the same order and the results are bit-identical. Tiles on the
 *     right/bottom edge are computed in full over the zero padding (padded lanes never mix with real ones) and
 *     only their real part is added to C, through `tile`, a scratch area of MR·NR numbers.
 *
 * Every loop is do-while: the caller guarantees M, N, kc, lines ≥ 1.
 */

/**
 * The float64 tile: 4×4 is 8 accumulators + 2 vectors of B + 1 of A = 11 of x64's 16 vector registers (V8
 * keeps one as scratch). Measured on the project machine (kernel alone, LSTM shapes): 4×4 12–14 GFLOP/s; 6×4,
 * 4×6, 8×4, 4×8 8–11 (spills); 2×8 12–13; 4×4 with k unrolled by 2 9–10.
 */
export const TILE_ROWS = 4
export const TILE_COLS = 4

/** The float32 tile: 4 rows × 8 columns, the same 8 accumulators of four lanes each (see docs/engine.md). */
export const F32_TILE_ROWS = 4
export const F32_TILE_COLS = 8

/** Pushes address + k·bytes for the local k (k ≥ 0): the address of element k of a run of numbers. */
function pushElementAddress(f: WasmFunction, base: number, index: number, t: Lanes): void {
  f.get(base).get(index).i32(t.alignLog2).op(Op.i32Shl).op(Op.i32Add)
}

function buildPack(name: string, L: number, t: Lanes): WasmFunction {
  const STEP = L * t.bytes
  const f = new WasmFunction(name, 6)
  const [dst, src, lineStride, kStride, lines, kc] = [0, 1, 2, 3, 4, 5].map((k) => f.param(k))
  const panelBytes = f.local(I32)
  const line0 = f.local(I32) // first line of the current panel
  const d = f.local(I32)
  const dEnd = f.local(I32)
  const s = f.local(I32)
  f.get(kc).i32(STEP).op(Op.i32Mul).set(panelBytes)
  f.loop((panels) => {
    f.get(dst).get(panelBytes).op(Op.i32Add).set(dEnd)
    // L adjacent full lines (B of NN, A and B of TN): each k step copies L consecutive numbers, 16 bytes at a time
    f.get(lineStride).i32(t.bytes).op(Op.i32Eq)
    f.get(line0).i32(L).op(Op.i32Add).get(lines).op(Op.i32LeS)
    f.op(Op.i32And)
    f.ifElse(
      () => {
        pushElementAddress(f, src, line0, t)
        f.set(s)
        f.get(dst).set(d)
        f.loop((k) => {
          let at = 0
          for (; at + 16 <= STEP; at += 16) f.get(d).get(s).v128Load(at).v128Store(at)
          if (STEP - at === 8) f.get(d).get(s).memory(Op.i64Load, 3, at).memory(Op.i64Store, 3, at)
          else if (STEP - at === 4) f.get(d).get(s).memory(Op.i32Load, 2, at).memory(Op.i32Store, 2, at)
          f.addLocalTo(s, kStride).addTo(d, STEP)
          f.get(d).get(dEnd).op(Op.i32LtU).brIf(k)
        })
      },
      () => {
        for (let r = 0; r < L; r++) {
          f.get(dst)
            .i32(t.bytes * r)
            .op(Op.i32Add)
            .set(d)
          f.get(line0).i32(r).op(Op.i32Add).get(lines).op(Op.i32LtS)
          f.ifElse(
            () => {
              // s = src + (line0 + r) · lineStride
              f.get(line0).i32(r).op(Op.i32Add).get(lineStride).op(Op.i32Mul).get(src).op(Op.i32Add).set(s)
              f.loop((k) => {
                f.get(d).get(s).memory(t.scalarLoad, t.alignLog2).memory(t.scalarStore, t.alignLog2)
                f.addLocalTo(s, kStride).addTo(d, STEP)
                f.get(d).get(dEnd).op(Op.i32LtU).brIf(k)
              })
            },
            () => {
              // padding line of the last panel (zero bits are 0.0 in either precision)
              f.loop((k) => {
                f.get(d)
                if (t.bytes === 8) f.i64(0).memory(Op.i64Store, 3)
                else f.i32(0).memory(Op.i32Store, 2)
                f.addTo(d, STEP)
                f.get(d).get(dEnd).op(Op.i32LtU).brIf(k)
              })
            },
          )
        }
      },
    )
    f.addLocalTo(dst, panelBytes).addTo(line0, L)
    f.get(line0).get(lines).op(Op.i32LtS).brIf(panels)
  })
  return f
}

function buildKernel(MR: number, NR: number, t: Lanes): WasmFunction {
  const f = new WasmFunction('kernel', 8)
  const [c, ldc, ap, bp, M, N, kc, tile] = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => f.param(k))
  const V = NR / t.lanes // vectors per row of the tile
  const aPanelBytes = f.local(I32)
  const bPanelBytes = f.local(I32)
  const i0 = f.local(I32)
  const j0 = f.local(I32)
  const aPanel = f.local(I32)
  const bPanel = f.local(I32)
  const pa = f.local(I32)
  const pb = f.local(I32)
  const paEnd = f.local(I32)
  const row = f.local(I32) // address of C[i0 + r, j0]
  const rows = f.local(I32)
  const cols = f.local(I32)
  const r = f.local(I32)
  const col = f.local(I32)
  const tp = f.local(I32)
  // acc[q·V + v] = C[i0+q, j0 + v·lanes : j0 + (v+1)·lanes]
  const acc = Array.from({ length: MR * V }, () => f.local(V128))
  const bv = Array.from({ length: V }, () => f.local(V128))
  const x = f.local(V128)

  /** local = min(size, limit − start) */
  const edge = (out: number, limit: number, start: number, size: number) => {
    f.get(limit).get(start).op(Op.i32Sub).set(out)
    f.i32(size).get(out).get(out).i32(size).op(Op.i32GtS).op(Op.select).set(out)
  }

  f.get(kc)
    .i32(MR * t.bytes)
    .op(Op.i32Mul)
    .set(aPanelBytes)
  f.get(kc)
    .i32(NR * t.bytes)
    .op(Op.i32Mul)
    .set(bPanelBytes)
  f.get(bp).set(bPanel)
  f.i32(0).set(j0)
  f.loop((colPanels) => {
    f.get(ap).set(aPanel)
    f.i32(0).set(i0)
    f.loop((rowPanels) => {
      for (const v of acc) f.v128Zero().set(v)
      f.get(aPanel).tee(pa).get(aPanelBytes).op(Op.i32Add).set(paEnd)
      f.get(bPanel).set(pb)
      f.loop((k) => {
        for (let v = 0; v < V; v++)
          f.get(pb)
            .v128Load(16 * v)
            .set(bv[v])
        for (let q = 0; q < MR; q++) {
          // acc[q, v] += A[i0+q, k] · B[k, j0 + v·lanes …]
          f.get(pa)
          t.splatLoad(f, t.bytes * q)
          f.set(x)
          for (let v = 0; v < V; v++) {
            const a = acc[q * V + v]
            if (t.madd !== null) f.get(x).get(bv[v]).get(a).simd(t.madd).set(a)
            else f.get(a).get(x).get(bv[v]).simd(t.mul).simd(t.add).set(a)
          }
        }
        f.addTo(pa, MR * t.bytes).addTo(pb, NR * t.bytes)
        f.get(pa).get(paEnd).op(Op.i32LtU).brIf(k)
      })
      // row = c + i0·ldc + j0·bytes
      f.get(i0).get(ldc).op(Op.i32Mul).get(c).op(Op.i32Add)
      f.get(j0).i32(t.alignLog2).op(Op.i32Shl).op(Op.i32Add).set(row)
      f.get(i0).i32(MR).op(Op.i32Add).get(M).op(Op.i32LeS)
      f.get(j0).i32(NR).op(Op.i32Add).get(N).op(Op.i32LeS)
      f.op(Op.i32And)
      f.ifElse(
        () => {
          // full tile: C[i0+q, j0:j0+NR] += acc[q, ·]
          for (let q = 0; q < MR; q++) {
            for (let v = 0; v < V; v++) {
              f.get(row)
                .get(row)
                .v128Load(16 * v)
                .get(acc[q * V + v])
                .simd(t.add)
                .v128Store(16 * v)
            }
            if (q < MR - 1) f.addLocalTo(row, ldc)
          }
        },
        () => {
          // edge tile: spill the accumulators to `tile` [MR, NR], add its real rows × columns to C one by one
          for (let q = 0; q < MR; q++) {
            for (let v = 0; v < V; v++)
              f.get(tile)
                .get(acc[q * V + v])
                .v128Store(NR * t.bytes * q + 16 * v)
          }
          edge(rows, M, i0, MR)
          edge(cols, N, j0, NR)
          f.get(tile).set(tp)
          f.i32(0).set(r)
          f.loop((edgeRows) => {
            f.i32(0).set(col)
            f.loop((edgeCols) => {
              // C[i0+r, j0+col] += tile[r, col]
              pushElementAddress(f, row, col, t)
              pushElementAddress(f, row, col, t)
              f.memory(t.scalarLoad, t.alignLog2)
              pushElementAddress(f, tp, col, t)
              f.memory(t.scalarLoad, t.alignLog2)
              f.op(t.scalarAdd).memory(t.scalarStore, t.alignLog2)
              f.addTo(col, 1)
              f.get(col).get(cols).op(Op.i32LtS).brIf(edgeCols)
            })
            f.addLocalTo(row, ldc)
              .addTo(tp, NR * t.bytes)
              .addTo(r, 1)
            f.get(r).get(rows).op(Op.i32LtS).brIf(edgeRows)
          })
        },
      )
      f.addLocalTo(aPanel, aPanelBytes).addTo(i0, MR)
      f.get(i0).get(M).op(Op.i32LtS).brIf(rowPanels)
    })
    f.addLocalTo(bPanel, bPanelBytes).addTo(j0, NR)
    f.get(j0).get(N).op(Op.i32LtS).brIf(colPanels)
  })
  return f
}

/** Minimum memory the module declares (1 page of 64 KiB); the kernels grow it to fit the operands. */
export const MIN_PAGES = 1

/**
 * The module's bytes, built once per process (under 2 KB, well under a millisecond): float64 by default, or
 * the lanes given. The tile size is a parameter only to measure others; gemm-wasm.ts lays out memory for the
 * default tiles.
 */
export function buildGemmModule(MR = TILE_ROWS, NR = TILE_COLS, lanes: Lanes = F64_LANES): Uint8Array {
  if (NR % lanes.lanes !== 0) throw new Error(`tile ${MR}×${NR}: columns must fill whole vectors`)
  if (MR < 1) throw new Error(`tile ${MR}×${NR}: no rows`)
  return encodeModule(
    [buildPack('packA', MR, lanes), buildPack('packB', NR, lanes), buildKernel(MR, NR, lanes)],
    MIN_PAGES,
    ARENA_MAX_PAGES,
  )
}

/** The module's exports, typed. */
export interface GemmExports {
  packA(dst: number, src: number, lineStride: number, kStride: number, lines: number, kc: number): void
  packB(dst: number, src: number, lineStride: number, kStride: number, lines: number, kc: number): void
  kernel(c: number, ldc: number, ap: number, bp: number, M: number, N: number, kc: number, tile: number): void
}
