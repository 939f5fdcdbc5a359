import { paramCount, paramLayout, type ModelConfig, type ParamSpec } from './config'
import { denseBackward, denseForward } from './dense'
import { getMatmulKernels } from './kernels/select'
import { newFloats, type FloatArray, type MatmulKernels, type Precision } from './kernels/matmul'
import { lstmBackward, lstmForward } from './lstm-layer'
import type { Rng } from './rng'

/** Views of one LSTM layer's weights and gradients inside the flat vectors. */
interface LayerParams {
  I: number
  H: number
  wx: FloatArray // [I, 4H]
  wh: FloatArray // [H, 4H]
  b: FloatArray // [4H]
  dwx: FloatArray
  dwh: FloatArray
  db: FloatArray
}

/** Activations and gradients of one layer for a batch of up to `capacity` windows (time-major). */
interface LayerWork {
  hs: FloatArray // [T+1, B, H]
  cs: FloatArray // [T+1, B, H]
  gates: FloatArray // [T, B, 4H]
  /** tanh(c_t) [T, B, H] from the forward pass, when small enough to keep (see TANH_C_CACHE_MAX) */
  tanhC: FloatArray | null
  /** Input after dropout [T, B, I] and its mask, for layers after the first when dropout > 0. */
  xin: FloatArray | null
  mask: FloatArray | null
}

interface Workspace {
  capacity: number
  xs: FloatArray // [T, B, I] the batch, transposed to time-major
  layers: LayerWork[]
  headIn: FloatArray | null // [B, H] last hidden state after dropout (head + dropout only)
  headMask: FloatArray | null
  y: FloatArray // [B, P]
  dy: FloatArray // [B, P]
  dHeadIn: FloatArray // [B, H]
  /** dL/d(output h_t) [T, B, H] of the layer being back-propagated; ONE buffer shared by all layers. */
  dhs: FloatArray
  dh: FloatArray // [B, Hmax] scratch
  dc: FloatArray // [B, Hmax] scratch
  dxin: FloatArray | null // [T, B, Hmax] gradient of a dropped-out input
}

/** Where a network's weights and gradients live, when not in arrays of its own (threads share them). */
export interface NetworkStorage {
  /** [paramCount] of the kernels' precision: the weights, read (and written by the optimizer) in place */
  params?: FloatArray
  /** [paramCount] of the kernels' precision: where backward accumulates the gradients */
  grads?: FloatArray
}

/**
 * Largest tanh(c) cache per layer, in numbers (4 MB): the S and M configs keep tanh(c_t) from the forward pass
 * (one exp of six per unit and step less in training), the L config (T·B·H = 1.5 M per layer) recomputes it
 * rather than add 25 MB to its peak memory (target: under 300 MB).
 */
const TANH_C_CACHE_MAX = 1 << 19

/**
 * The stacked-LSTM network: flat parameter and gradient vectors, and the forward/backward passes over a batch.
 * All weights live in ONE array (`params`, laid out by `specs`), so the optimizer, gradient clipping,
 * snapshots and serialization each work on a single vector. The precision of the weights, buffers and
 * gradients is the kernels' (float64 or float32). Buffers are allocated once per batch capacity and reused:
 * the time loop allocates nothing.
 */
export class LstmNetwork {
  readonly specs: ParamSpec[]
  readonly params: FloatArray
  readonly grads: FloatArray
  readonly precision: Precision
  private readonly layers: LayerParams[] = []
  private readonly head: { w: FloatArray; b: FloatArray; dw: FloatArray; db: FloatArray } | null
  private ws: Workspace | null = null
  /** Steps of the last forward pass (seqLen, or 1 in online mode). */
  private lastT = 0
  private lastB = 0
  private lastTraining = false
  /** Whether the last forward pass started from a zero state (see lstmForward's h0IsZero). */
  private lastZeroState = true

  /** This network's kernels: an instance of its own where the kernels keep buffers in their own memory. */
  readonly mm: MatmulKernels

  constructor(
    readonly config: ModelConfig,
    kernels: MatmulKernels = getMatmulKernels(),
    storage: NetworkStorage = {},
  ) {
    this.mm = kernels.withOwnMemory?.() ?? kernels
    this.precision = kernels.precision
    this.specs = paramLayout(config)
    const n = paramCount(this.specs)
    const given = (v: FloatArray | undefined, what: string) => {
      if (v === undefined) return newFloats(this.precision, n)
      if (v.length !== n || v instanceof Float32Array !== (this.precision === 'float32'))
        throw new Error(`${what}: expected ${n} ${this.precision} numbers`)
      return v
    }
    this.params = given(storage.params, 'params')
    this.grads = given(storage.grads, 'grads')
    const view = (v: FloatArray, name: string) => {
      const s = this.specs.find((p) => p.name === name)
      if (!s) throw new Error(`no parameter ${name}`)
      return v.subarray(s.offset, s.offset + s.size)
    }
    let I = config.inputSize
    config.hiddenSizes.forEach((H, l) => {
      const p = (v: FloatArray, what: string) => view(v, `lstm_${l}/${what}`)
      this.layers.push({
        I,
        H,
        wx: p(this.params, 'kernel'),
        wh: p(this.params, 'recurrent_kernel'),
        b: p(this.params, 'bias'),
        dwx: p(this.grads, 'kernel'),
        dwh: p(this.grads, 'recurrent_kernel'),
        db: p(this.grads, 'bias'),
      })
      I = H
    })
    this.head =
      config.head === 'dense'
        ? {
            w: view(this.params, 'dense/kernel'),
            b: view(this.params, 'dense/bias'),
            dw: view(this.grads, 'dense/kernel'),
            db: view(this.grads, 'dense/bias'),
          }
        : null
  }

  /** Number of windows the buffers currently hold. */
  get capacity(): number {
    return this.ws?.capacity ?? 0
  }

  /** (Re)allocate the buffers for batches of up to `capacity` windows. */
  reserve(capacity: number): void {
    if (this.ws && this.ws.capacity >= capacity) return
    const { seqLen: T, inputSize: I, predSize: P, dropout } = this.config
    const B = capacity
    const Hmax = Math.max(...this.config.hiddenSizes)
    // the sequence buffers live in the kernels' memory when they have one (used in place, no copies)
    this.ws = null
    this.mm.releaseAll?.()
    const seq = (n: number) => this.allocate(n)
    const plain = (n: number) => newFloats(this.precision, n)
    const layers = this.layers.map((L, l): LayerWork => {
      const dropIn = l > 0 && dropout > 0
      return {
        hs: seq((T + 1) * B * L.H),
        cs: seq((T + 1) * B * L.H),
        gates: seq(T * B * 4 * L.H),
        tanhC: T * B * L.H <= TANH_C_CACHE_MAX ? seq(T * B * L.H) : null,
        xin: dropIn ? plain(T * B * L.I) : null,
        mask: dropIn ? plain(T * B * L.I) : null,
      }
    })
    const Htop = this.layers[this.layers.length - 1].H
    const headDrop = this.head !== null && dropout > 0
    this.ws = {
      capacity: B,
      xs: seq(T * B * I),
      layers,
      headIn: headDrop ? plain(B * Htop) : null,
      headMask: headDrop ? plain(B * Htop) : null,
      y: plain(B * P),
      dy: plain(B * P),
      dHeadIn: plain(B * Htop),
      dhs: seq(T * B * Hmax),
      dh: seq(B * Hmax),
      dc: seq(B * Hmax),
      dxin: dropout > 0 && this.layers.length > 1 ? plain(T * B * Hmax) : null,
    }
  }

  /** Release the activation buffers (they are rebuilt on the next forward pass). */
  releaseBuffers(): void {
    this.ws = null
    this.mm.releaseAll?.()
  }

  /**
   * n zeroed numbers for a working buffer: in the kernels' own memory when they have one, else (or when that
   * memory cannot grow that far) an ordinary array, which the kernels then copy in and out.
   */
  private allocate(n: number): FloatArray {
    if (this.mm.allocate) {
      try {
        return this.mm.allocate(n)
      } catch {
        // the memory's maximum reached: fall through
      }
    }
    return newFloats(this.precision, n)
  }

  /**
   * Forward pass over a batch.
   *
   * @param x Float64Array [B, T, I] windows, batch-major (as stored in the data set), starting at xOff (or a
   *          Float32Array: the transposition into the network's buffer converts)
   * @param B number of windows
   * @param T steps (config.seqLen; 1 for an online step)
   * @param training apply dropout (needs rng) and keep what backward needs
   * @param initialState when given, hs[0]/cs[0] of every layer are left as set by `setInitialState`; else zero
   * @returns [B, P] predictions in the network's precision: a view into the workspace, valid until the next call
   */
  forward(
    x: FloatArray,
    xOff: number,
    B: number,
    T: number,
    training: boolean,
    rng: Rng | null,
    keepInitialState = false,
  ): FloatArray {
    this.reserve(B)
    const ws = this.ws as Workspace
    const { inputSize: I, predSize: P, dropout } = this.config
    if (T > this.config.seqLen) throw new Error('more steps than the configured window')
    const useDropout = training && dropout > 0
    if (useDropout && rng === null) throw new Error('dropout needs a random generator')
    this.lastT = T
    this.lastB = B
    this.lastTraining = training
    this.lastZeroState = !keepInitialState
    // xs[t, b, :] = x[b, t, :]
    const xs = ws.xs
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const src = xOff + (b * T + t) * I
        const dst = (t * B + b) * I
        for (let i = 0; i < I; i++) xs[dst + i] = x[src + i]
      }
    }
    let input = xs
    let inputOff = 0
    this.layers.forEach((L, l) => {
      const w = ws.layers[l]
      if (!keepInitialState) {
        w.hs.fill(0, 0, B * L.H)
        w.cs.fill(0, 0, B * L.H)
      }
      if (w.xin && w.mask) {
        // inverted dropout on this layer's input: xin = input ⊙ mask, mask ∈ {0, 1/(1−p)}
        const n = T * B * L.I
        if (useDropout) {
          fillDropoutMask(w.mask, n, dropout, rng as Rng)
          for (let k = 0; k < n; k++) w.xin[k] = input[inputOff + k] * w.mask[k]
          input = w.xin
          inputOff = 0
        }
      }
      lstmForward(
        w.hs,
        w.cs,
        w.gates,
        input,
        inputOff,
        L.wx,
        L.wh,
        L.b,
        T,
        B,
        L.I,
        L.H,
        this.mm,
        !keepInitialState,
        w.tanhC,
      )
      input = w.hs
      inputOff = B * L.H // hs[1..T] is the output sequence [T, B, H]
    })
    const top = this.layers[this.layers.length - 1]
    const lastH = T * B * top.H // offset of hs[T] = h_T
    const topHs = ws.layers[this.layers.length - 1].hs
    if (this.head === null) {
      ws.y.set(topHs.subarray(lastH, lastH + B * P)) // single cell: the hidden state is the prediction
    } else {
      let hIn = topHs
      let hOff = lastH
      if (useDropout && ws.headIn && ws.headMask) {
        fillDropoutMask(ws.headMask, B * top.H, dropout, rng as Rng)
        for (let k = 0; k < B * top.H; k++) ws.headIn[k] = topHs[lastH + k] * ws.headMask[k]
        hIn = ws.headIn
        hOff = 0
      }
      denseForward(ws.y, hIn, hOff, this.head.w, this.head.b, B, top.H, P, this.mm)
    }
    return ws.y.subarray(0, B * P)
  }

  /**
   * Backward pass of the last forward pass. ACCUMULATES into `grads` (the caller zeroes them per step).
   *
   * @param dy [B, P] dL/dy
   */
  backward(dy: FloatArray): void {
    const ws = this.ws
    if (!ws || this.lastB === 0) throw new Error('backward without a forward pass')
    const T = this.lastT
    const B = this.lastB
    const P = this.config.predSize
    const useDropout = this.lastTraining && this.config.dropout > 0
    const nL = this.layers.length
    const top = this.layers[nL - 1]
    const topWork = ws.layers[nL - 1]
    // dL/dh_T of the top layer; every other step's output only feeds the next step
    const dhs = ws.dhs
    dhs.fill(0, 0, T * B * top.H)
    const lastOff = (T - 1) * B * top.H
    if (this.head === null) {
      for (let k = 0; k < B * P; k++) dhs[lastOff + k] = dy[k]
    } else {
      const dIn = ws.dHeadIn
      dIn.fill(0, 0, B * top.H)
      const useHeadIn = useDropout && ws.headIn !== null
      const hIn = useHeadIn ? (ws.headIn as FloatArray) : topWork.hs
      const hOff = useHeadIn ? 0 : T * B * top.H
      denseBackward(dIn, 0, this.head.dw, this.head.db, dy, hIn, hOff, this.head.w, B, top.H, P, this.mm)
      const mask = useHeadIn ? ws.headMask : null
      for (let k = 0; k < B * top.H; k++) dhs[lastOff + k] = mask ? dIn[k] * mask[k] : dIn[k]
    }
    for (let l = nL - 1; l >= 0; l--) {
      const L = this.layers[l]
      const w = ws.layers[l]
      const below = l > 0 ? ws.layers[l - 1] : null
      const dropped = useDropout && w.xin !== null
      const input = l === 0 ? ws.xs : dropped ? (w.xin as FloatArray) : (below as LayerWork).hs
      const inputOff = l === 0 || dropped ? 0 : B * L.I
      // dx of layer l is dL/d(output) of layer l−1: written over dhs itself (lstmBackward allows it), or via
      // the dropout mask
      const dx = below === null ? null : dropped ? (ws.dxin as FloatArray) : dhs
      lstmBackward(
        dx,
        L.dwx,
        L.dwh,
        L.db,
        w.gates,
        dhs,
        ws.dh,
        ws.dc,
        w.hs,
        w.cs,
        input,
        inputOff,
        L.wx,
        L.wh,
        T,
        B,
        L.I,
        L.H,
        this.mm,
        this.lastZeroState,
        w.tanhC,
      )
      if (below && dropped) {
        const mask = w.mask as FloatArray
        const d = ws.dxin as FloatArray
        for (let k = 0; k < T * B * L.I; k++) dhs[k] = d[k] * mask[k]
      }
    }
    // the gates now hold gradients: a second backward needs a new forward
    this.lastB = 0
  }

  /** Copy the initial state of every layer, [B, H] each, for online mode (see trainer). */
  setInitialState(h: FloatArray[], c: FloatArray[], B: number): void {
    this.reserve(B)
    const ws = this.ws as Workspace
    this.layers.forEach((L, l) => {
      ws.layers[l].hs.set(h[l].subarray(0, B * L.H))
      ws.layers[l].cs.set(c[l].subarray(0, B * L.H))
    })
  }

  /** Copy the state after step `t` (1-based: h_t, c_t) of every layer of the last forward pass. */
  getState(h: FloatArray[], c: FloatArray[], t: number, B: number): void {
    const ws = this.ws as Workspace
    this.layers.forEach((L, l) => {
      const off = t * B * L.H
      h[l].set(ws.layers[l].hs.subarray(off, off + B * L.H))
      c[l].set(ws.layers[l].cs.subarray(off, off + B * L.H))
    })
  }

  /** Hidden sizes per layer (for state buffers). */
  get hiddenSizes(): number[] {
    return this.layers.map((L) => L.H)
  }
}

function fillDropoutMask(mask: FloatArray, n: number, p: number, rng: Rng): void {
  const keep = 1 / (1 - p)
  for (let k = 0; k < n; k++) mask[k] = rng.next() < p ? 0 : keep
}
