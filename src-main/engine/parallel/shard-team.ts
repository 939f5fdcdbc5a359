import type { Worker } from 'node:worker_threads'
import { paramCount, paramLayout, type ModelConfig } from '../config'
import type { FloatArray, Precision } from '../kernels/matmul'
import type { KernelName } from '../kernels/select'
import { lossForwardBackward, type LossName } from '../losses'
import type { LstmNetwork } from '../network'
import { Rng } from '../rng'
import {
  Command,
  controlSlots,
  lossIndex,
  shardRows,
  Slot,
  type ShardMessage,
  type ShardThreadData,
} from './shard-protocol'
import { startThread, threadEntry } from './start-thread'

/**
 * Data-parallel training of ONE network on several cores: every batch is cut into `threads` shards of rows;
 * the calling thread computes shard 0 with its own network while `threads − 1` shard threads
 * (shard-thread.ts) compute the others with replicas that read the same weights in place (a
 * SharedArrayBuffer); then the caller adds the shards' gradients in shard order, so a run is bit-reproducible
 * for a given thread count, and takes the optimizer step (the weights change only between batches, while the
 * threads wait). Inference (predict, evaluate) is cut the same way.
 *
 * Synchronisation is Atomics on a shared control block (shard-protocol.ts): a batch costs two notifications
 * and no message, so even the small S config's 5 ms batches pay off.
 */
export class ShardTeam {
  /** The weights every thread reads, in the network's precision: the caller's network is built on them. */
  readonly params: FloatArray
  private readonly control: Int32Array
  private readonly grads: FloatArray[] = []
  private readonly x: Float64Array
  private readonly y: Float64Array
  private readonly losses: Float64Array
  private readonly predictions: Float64Array
  private readonly workers: Worker[] = []
  private readonly buffers: Omit<ShardThreadData, 'shard' | 'grads'>
  private readonly gradBuffers: SharedArrayBuffer[] = []
  /** The least time a command may take the threads before they count as stuck (tests lower it). */
  stuckAfterMs = 120_000
  private started = false
  private failure: string | null = null
  /** the longest any command took the threads so far (ms): what a stuck thread is measured against */
  private slowestMs = 0
  private launchedAt = 0

  /**
   * Shared memory for `threads` shards of batches of up to `capacity` windows, around the weights in `params`
   * (a SharedArrayBuffer of paramCount numbers in `precision`, which the caller's network is built on). The
   * threads start with `start()` or `startBlocking()`.
   */
  constructor(
    readonly config: ModelConfig,
    readonly precision: Precision,
    readonly kernels: KernelName,
    readonly threads: number,
    readonly capacity: number,
    params: SharedArrayBuffer,
    private readonly startOne: (data: ShardThreadData) => Worker = startShardThread,
  ) {
    if (!Number.isInteger(threads) || threads < 2)
      throw new Error(`a shard team needs 2 threads or more, got ${threads}`)
    const { seqLen: T, inputSize: I, predSize: P } = config
    const n = paramCount(paramLayout(config))
    const width = precision === 'float32' ? 4 : 8
    const floats = (buffer: SharedArrayBuffer): FloatArray =>
      precision === 'float32' ? new Float32Array(buffer) : new Float64Array(buffer)
    const shared = (bytes: number) => new SharedArrayBuffer(Math.max(8, bytes))
    if (params.byteLength !== width * n)
      throw new Error(`the shared weights must be ${n} ${precision} numbers`)
    this.buffers = {
      threads,
      config,
      precision,
      kernels,
      capacity,
      control: shared(4 * controlSlots(threads)),
      params,
      x: shared(8 * capacity * T * I),
      y: shared(8 * capacity * P),
      losses: shared(8 * threads * (1 + P)),
      predictions: shared(8 * capacity * P),
    }
    this.control = new Int32Array(this.buffers.control)
    this.params = floats(this.buffers.params)
    for (let s = 1; s < threads; s++) {
      this.gradBuffers.push(shared(width * n))
      this.grads.push(floats(this.gradBuffers[s - 1]))
    }
    this.x = new Float64Array(this.buffers.x)
    this.y = new Float64Array(this.buffers.y)
    this.losses = new Float64Array(this.buffers.losses)
    this.predictions = new Float64Array(this.buffers.predictions)
  }

  /** Shards the threads (not the caller) have computed: the proof they are in use. */
  get shardsComputedByThreads(): number {
    return Atomics.load(this.control, Slot.shardsComputed)
  }

  /** Why the threads failed (then the caller trains alone), or null. */
  get failed(): string | null {
    return this.failure
  }

  /**
   * Start the threads and wait until each has built its network; rejects (and stops them) when one cannot
   * start. Waiting for their 'ready' messages keeps the event loop free meanwhile.
   */
  async start(): Promise<void> {
    if (this.started) return this.failure === null ? undefined : Promise.reject(new Error(this.failure))
    this.started = true
    const ready = this.spawn().map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          worker.on('message', (m: ShardMessage) => {
            if (m.type === 'ready') resolve()
            else {
              this.failure = m.message
              reject(new Error(m.message))
            }
          })
          worker.once('error', (e) => reject(e))
          worker.once('exit', (code) => reject(new Error(`shard thread stopped (exit code ${code})`)))
        }),
    )
    for (const r of ready) r.catch(() => undefined)
    try {
      await Promise.all(ready)
    } catch (error) {
      this.failure = this.failure ?? (error as Error).message
      await this.close()
      throw error
    }
  }

  /**
   * Start the threads without the event loop (for callers that train synchronously): blocks until every
   * thread is ready, or `timeoutMs` passed, or one failed. Returns false (threads stopped) when they did not
   * all start.
   */
  startBlocking(timeoutMs = 60_000): boolean {
    if (this.started) return this.failure === null
    this.started = true
    this.spawn()
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const ready = Atomics.load(this.control, Slot.ready)
      if (Atomics.load(this.control, Slot.failed) !== 0) break
      if (ready === this.threads - 1) return true
      const left = deadline - Date.now()
      if (left <= 0) break
      Atomics.wait(this.control, Slot.ready, ready, Math.min(left, 100))
    }
    this.failure =
      Atomics.load(this.control, Slot.failed) !== 0
        ? 'a shard thread failed to start'
        : 'shard threads did not start in time'
    void this.close()
    return false
  }

  /**
   * One training batch across the threads: forward and backward of every shard; on return `net.grads` holds the
   * whole batch's gradients (shard 0's plus the others', added in shard order) and `perStep` its loss per step.
   * The caller then decays, clips and steps. `net` must be built on `this.params`.
   *
   * @param x Float64Array [B, T, I]; y Float64Array [B, P]
   * @param rng draws one dropout seed per shard (when the model has dropout)
   * @returns the batch's mean loss
   */
  trainBatch(
    net: LstmNetwork,
    x: Float64Array,
    y: Float64Array,
    B: number,
    loss: LossName,
    dy: FloatArray,
    perStep: Float64Array,
    rng: Rng,
  ): number {
    const { seqLen: T, inputSize: I, predSize: P } = this.config
    if (B > this.capacity) throw new Error(`batch of ${B} windows, the threads hold ${this.capacity}`)
    const c = this.control
    this.x.set(x.subarray(0, B * T * I))
    this.y.set(y.subarray(0, B * P))
    c[Slot.rows] = B
    c[Slot.steps] = T
    c[Slot.loss] = lossIndex(loss)
    if (this.config.dropout > 0) for (let s = 0; s < this.threads; s++) c[Slot.seeds + s] = rng.nextU32() | 0
    this.launch(Command.train)
    // shard 0, here, while the threads compute theirs
    const [, end] = shardRows(0, this.threads, B)
    const shardRng = this.config.dropout > 0 ? new Rng(c[Slot.seeds]) : null
    const yHat = net.forward(x, 0, end, T, true, shardRng)
    let total = lossForwardBackward(loss, dy, perStep, yHat, y, end, P, B)
    net.grads.fill(0)
    net.backward(dy)
    this.awaitThreads()
    // fixed order: shard 0, then 1, 2, …
    const g = net.grads
    for (let s = 1; s < this.threads; s++) {
      const [from, to] = shardRows(s, this.threads, B)
      if (to === from) continue
      const theirs = this.grads[s - 1]
      for (let k = 0; k < g.length; k++) g[k] += theirs[k]
      const at = s * (1 + P)
      total += this.losses[at]
      for (let p = 0; p < P; p++) perStep[p] += this.losses[at + 1 + p]
    }
    return total
  }

  /**
   * Predictions for N windows, the rows of each chunk of `capacity` cut into shards.
   * @param x Float64Array [N, T, I]
   * @returns Float64Array [N, P]
   */
  predict(net: LstmNetwork, x: Float64Array, N: number): Float64Array {
    const { seqLen: T, inputSize: I, predSize: P } = this.config
    const out = new Float64Array(N * P)
    const c = this.control
    for (let s0 = 0; s0 < N; s0 += this.capacity) {
      const B = Math.min(this.capacity, N - s0)
      this.x.set(x.subarray(s0 * T * I, (s0 + B) * T * I))
      c[Slot.rows] = B
      c[Slot.steps] = T
      this.launch(Command.predict)
      const [, end] = shardRows(0, this.threads, B)
      if (end > 0) out.set(net.forward(x, s0 * T * I, end, T, false, null), s0 * P)
      this.awaitThreads()
      out.set(this.predictions.subarray(end * P, B * P), (s0 + end) * P)
    }
    return out
  }

  /** Stop the threads (they finish the command they are on first). Safe to call twice. */
  async close(): Promise<void> {
    if (this.workers.length === 0) return
    Atomics.store(this.control, Slot.command, Command.exit)
    Atomics.add(this.control, Slot.generation, 1)
    Atomics.notify(this.control, Slot.generation)
    const workers = this.workers.splice(0)
    await Promise.all(workers.map((w) => w.terminate()))
  }

  private spawn(): Worker[] {
    for (let s = 1; s < this.threads; s++) {
      const worker = this.startOne({ ...this.buffers, shard: s, grads: this.gradBuffers[s - 1] })
      worker.unref() // a forgotten team never keeps the process alive
      // the thread's own words for a failure, whenever the event loop gets to them
      worker.on('message', (m: ShardMessage) => {
        if (m.type === 'failed') this.failure = m.message
      })
      worker.on('error', (e) => (this.failure = e.message))
      this.workers.push(worker)
    }
    return this.workers
  }

  private launch(command: number): void {
    if (this.failure !== null) throw new Error(`the training threads failed: ${this.failure}`)
    const c = this.control
    Atomics.store(c, Slot.done, 0)
    this.launchedAt = performance.now()
    Atomics.store(c, Slot.command, command)
    Atomics.add(c, Slot.generation, 1)
    Atomics.notify(c, Slot.generation)
  }

  /**
   * Wait (blocking: the batch is synchronous work anyway) until every thread has finished the command. A
   * thread that died without a word (its 'exit' event cannot arrive while this thread waits) is given up on
   * after far longer than any command took so far: the training then fails with a message instead of hanging.
   */
  private awaitThreads(): void {
    const c = this.control
    const patienceMs = Math.max(this.stuckAfterMs, 50 * this.slowestMs)
    for (;;) {
      const done = Atomics.load(c, Slot.done)
      if (done === this.threads - 1) break
      if (performance.now() - this.launchedAt > patienceMs) {
        this.failure = 'a training thread stopped answering'
        void this.close()
        throw new Error(
          `a training thread stopped answering (nothing for ${Math.round(patienceMs / 1000)} s)`,
        )
      }
      Atomics.wait(c, Slot.done, done, 1000)
    }
    this.slowestMs = Math.max(this.slowestMs, performance.now() - this.launchedAt)
    if (Atomics.load(c, Slot.failed) !== 0) {
      this.failure = 'a training thread failed'
      void this.close()
      throw new Error('a training thread failed; see the log')
    }
  }
}

/** Starts shard-thread.ts (or its bundle) with `data`. */
export function startShardThread(data: ShardThreadData): Worker {
  return startThread(threadEntry('shard-thread', __filename, __dirname), data)
}
