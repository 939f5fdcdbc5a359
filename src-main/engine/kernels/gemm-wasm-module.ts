import { ARENA_MAX_PAGES } from './wasm-arena'
import { encodeModule, WasmFunction } from '../../wasm/emitter'
import { I32, Op, Simd, V128 } from '../../wasm/opcodes'

/**
 * The WebAssembly module behind the SIMD matrix products: three functions over packed operands, in the
 * GotoBLAS/BLIS arrangement. All addresses, strides and sizes are in BYTES of the module's memory.
 *
 *   packA / packB(dst, src, lineStride, kStride, lines, kc)
 *     Copy `lines` lines of kc numbers (element k of line l at src + l·lineStride + k·kStride) into panels of
 *     L lines (L = MR for packA, NR for packB), k-major: dst[(p·kc + k)·L + r] = line p·L + r, element k; a
 *     last panel with fewer than L lines is padded with zeros. Rows of A and columns of B are both "lines", so
 *     NN, NT and TN differ only in the two strides.
 *
 *   kernel(c, ldc, ap, bp, M, N, kc, tile)
 *     C[M, N] (row stride ldc) += Ap · Bp over one k-block of kc. Each MR×NR tile of C lives in MR·NR/2 f64x2
 *     accumulators; per k it loads NR/2 vectors of B and broadcasts MR numbers of A. Accumulators start at zero
 *     and are added to C once at the end of the k-block, like the JavaScript kernels, so each element of C gets
 *     the same sum in the same order and the results are bit-identical. Tiles on the right/bottom edge are
 *     computed in full over the zero padding (padded lanes never mix with real ones) and only their real part
 *     is added to C, through `tile`, a scratch area of MR·NR numbers.
 *
 * Every loop is do-while: the caller guarantees M, N, kc, lines ≥ 1.
 */

/**
 * The tile: 4×4 is 8 accumulators + 2 vectors of B + 1 of A = 11 of x64's 16 vector registers (V8 keeps one as
 * scratch). Measured on the project machine (kernel alone, LSTM shapes): 4×4 12–14 GFLOP/s; 6×4, 4×6, 8×4,
 * 4×8 8–11 (spills); 2×8 12–13; 4×4 with k unrolled by 2 9–10.
 */
export const TILE_ROWS = 4
export const TILE_COLS = 4

function buildPack(name: string, L: number): WasmFunction {
  const STEP = L * 8
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
    // L adjacent full lines (B of NN, A and B of TN): each k step copies L consecutive numbers as L/2 vectors
    f.get(lineStride).i32(8).op(Op.i32Eq)
    f.get(line0).i32(L).op(Op.i32Add).get(lines).op(Op.i32LeS)
    f.op(Op.i32And)
    f.ifElse(
      () => {
        f.get(src).get(line0).i32(3).op(Op.i32Shl).op(Op.i32Add).set(s)
        f.get(dst).set(d)
        f.loop((k) => {
          for (let v = 0; v < L / 2; v++)
            f.get(d)
              .get(s)
              .v128Load(16 * v)
              .v128Store(16 * v)
          f.addLocalTo(s, kStride).addTo(d, STEP)
          f.get(d).get(dEnd).op(Op.i32LtU).brIf(k)
        })
      },
      () => {
        for (let r = 0; r < L; r++) {
          f.get(dst)
            .i32(8 * r)
            .op(Op.i32Add)
            .set(d)
          f.get(line0).i32(r).op(Op.i32Add).get(lines).op(Op.i32LtS)
          f.ifElse(
            () => {
              // s = src + (line0 + r) · lineStride
              f.get(line0).i32(r).op(Op.i32Add).get(lineStride).op(Op.i32Mul).get(src).op(Op.i32Add).set(s)
              f.loop((k) => {
                f.get(d).get(s).f64Load().f64Store()
                f.addLocalTo(s, kStride).addTo(d, STEP)
                f.get(d).get(dEnd).op(Op.i32LtU).brIf(k)
              })
            },
            () => {
              // padding line of the last panel
              f.loop((k) => {
                f.get(d).f64Zero().f64Store()
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

function buildKernel(MR: number, NR: number): WasmFunction {
  const f = new WasmFunction('kernel', 8)
  const [c, ldc, ap, bp, M, N, kc, tile] = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => f.param(k))
  const V = NR / 2 // vectors per row of the tile
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
  const t = f.local(I32)
  const acc = Array.from({ length: MR * V }, () => f.local(V128)) // acc[q·V + v] = C[i0+q, j0+2v : j0+2v+2]
  const bv = Array.from({ length: V }, () => f.local(V128))
  const x = f.local(V128)

  /** local = min(size, limit − start) */
  const edge = (out: number, limit: number, start: number, size: number) => {
    f.get(limit).get(start).op(Op.i32Sub).set(out)
    f.i32(size).get(out).get(out).i32(size).op(Op.i32GtS).op(Op.select).set(out)
  }

  f.get(kc)
    .i32(MR * 8)
    .op(Op.i32Mul)
    .set(aPanelBytes)
  f.get(kc)
    .i32(NR * 8)
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
          // acc[q, v] += A[i0+q, k] · B[k, j0+2v : j0+2v+2]
          f.get(pa)
            .load64Splat(8 * q)
            .set(x)
          for (let v = 0; v < V; v++) {
            f.get(acc[q * V + v])
              .get(x)
              .get(bv[v])
              .simd(Simd.f64x2Mul)
              .simd(Simd.f64x2Add)
              .set(acc[q * V + v])
          }
        }
        f.addTo(pa, MR * 8).addTo(pb, NR * 8)
        f.get(pa).get(paEnd).op(Op.i32LtU).brIf(k)
      })
      // row = c + i0·ldc + j0·8
      f.get(i0)
        .get(ldc)
        .op(Op.i32Mul)
        .get(c)
        .op(Op.i32Add)
        .get(j0)
        .i32(3)
        .op(Op.i32Shl)
        .op(Op.i32Add)
        .set(row)
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
                .simd(Simd.f64x2Add)
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
                .v128Store(NR * 8 * q + 16 * v)
          }
          edge(rows, M, i0, MR)
          edge(cols, N, j0, NR)
          f.get(tile).set(t)
          f.i32(0).set(r)
          f.loop((edgeRows) => {
            f.i32(0).set(col)
            f.loop((edgeCols) => {
              // C[i0+r, j0+col] += tile[r, col]
              f.get(row).get(col).i32(3).op(Op.i32Shl).op(Op.i32Add)
              f.get(row).get(col).i32(3).op(Op.i32Shl).op(Op.i32Add).f64Load()
              f.get(t).get(col).i32(3).op(Op.i32Shl).op(Op.i32Add).f64Load()
              f.op(Op.f64Add).f64Store()
              f.addTo(col, 1)
              f.get(col).get(cols).op(Op.i32LtS).brIf(edgeCols)
            })
            f.addLocalTo(row, ldc)
              .addTo(t, NR * 8)
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
 * The module's bytes, built once per kernel set (under 2 KB, well under a millisecond). The tile size is a
 * parameter only to measure others; gemm-wasm.ts lays out memory for TILE_ROWS × TILE_COLS.
 */
export function buildGemmModule(MR = TILE_ROWS, NR = TILE_COLS): Uint8Array {
  if (NR % 2 !== 0 || MR % 2 !== 0)
    throw new Error(`tile ${MR}×${NR}: both sides must be even (f64x2 copies)`)
  return encodeModule(
    [buildPack('packA', MR), buildPack('packB', NR), buildKernel(MR, NR)],
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
