import { fork, spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { resolve } from 'node:path'
import { BENCH_CONFIGS, type BenchConfigName } from './engine-configs'
import type { WorkloadInfo, WorkloadSpec } from './engine-workload'

/**
 * The contestants of `bench:engine`, each in a process of its own that stays up for the whole config, so the
 * parent can interleave their repetitions: our engine and TensorFlow.js in forked Node children
 * (engine-bench.ts --child), PyTorch in the system Python (torch_peer.py). One request, one answer, in turn.
 */
export interface Contestant {
  /** how the rows name it: engine, and for ours and PyTorch the threads (ours: precision, kernels) */
  readonly row: { engine: string; threads?: number; precision?: string }
  setup(): Promise<{ kernels: string | null; threads: number; note?: string }>
  /** samples per second of wall time, and per second of the contestant's CPU time (all its threads) */
  train(seconds: number): Promise<Rate>
  infer(seconds: number): Promise<Rate>
  peakRssMb(): Promise<number>
  close(): Promise<void>
}

export interface Rate {
  perSecond: number
  perCpuSecond: number
}

/** Requests to a Node child (engine-bench.ts --child) and its answers. */
export type ChildRequest =
  | { cmd: 'setup'; spec: WorkloadSpec }
  | { cmd: 'train' | 'infer'; seconds: number }
  | { cmd: 'rss' }
  | { cmd: 'exit' }
export type ChildAnswer =
  { ok: true; info?: WorkloadInfo; rate?: Rate; peakRssMb?: number } | { ok: false; error: string }

/** Our engine or TF.js, in a forked copy of the benchmark script (its peak RSS is that engine's alone). */
export class NodeContestant implements Contestant {
  private readonly child: ChildProcess
  private pending: ((a: ChildAnswer) => void) | null = null

  constructor(
    private readonly spec: WorkloadSpec,
    script: string,
    execArgv: string[],
  ) {
    this.child = fork(script, ['--child'], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    this.child.on('message', (m) => {
      const done = this.pending
      this.pending = null
      done?.(m as ChildAnswer)
    })
    this.child.on('exit', (code) => {
      const done = this.pending
      this.pending = null
      done?.({ ok: false, error: `the ${spec.engine} child exited (code ${code})` })
    })
  }

  get row() {
    return this.spec.engine === 'scratch'
      ? { engine: 'scratch', threads: this.spec.threads, precision: this.spec.precision }
      : { engine: this.spec.engine, threads: 1 }
  }

  private ask(request: ChildRequest): Promise<ChildAnswer & { ok: true }> {
    return new Promise((done, fail) => {
      this.pending = (a) => (a.ok ? done(a) : fail(new Error(a.error)))
      this.child.send(request)
    })
  }

  async setup() {
    const a = await this.ask({ cmd: 'setup', spec: this.spec })
    return { kernels: a.info?.kernels ?? null, threads: a.info?.threadsInUse ?? 1 }
  }

  async train(seconds: number) {
    return (await this.ask({ cmd: 'train', seconds })).rate as Rate
  }

  async infer(seconds: number) {
    return (await this.ask({ cmd: 'infer', seconds })).rate as Rate
  }

  async peakRssMb() {
    return (await this.ask({ cmd: 'rss' })).peakRssMb as number
  }

  async close() {
    if (this.child.exitCode !== null) return
    const exited = new Promise((done) => this.child.once('exit', done))
    this.child.send({ cmd: 'exit' } satisfies ChildRequest)
    await exited
  }
}

/** The system Python that has Debian's python3-torch. */
export const SYSTEM_PYTHON = '/usr/bin/python3'

/** PyTorch on the same workload, in the system Python (torch_peer.py), with `threads` intra-op threads. */
export class TorchContestant implements Contestant {
  private readonly child: ChildProcess
  private readonly answers: ((line: string) => void)[] = []

  constructor(
    private readonly config: BenchConfigName,
    private readonly threads: number,
    private readonly seconds: number,
    python = SYSTEM_PYTHON,
  ) {
    // PyTorch's own threads (OpenMP) are `threads`; a pthreads OpenBLAS under them would start as many again
    // and the two busy-wait against each other (measured: 2 threads then ran 4x slower than 1 on 2 cores)
    const env = {
      ...process.env,
      OMP_NUM_THREADS: String(threads),
      MKL_NUM_THREADS: String(threads),
      OPENBLAS_NUM_THREADS: '1',
    }
    this.child = spawn(python, [resolve(__dirname, 'torch_peer.py')], {
      env,
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.answers.shift()?.(line))
    this.child.on('exit', (code) => {
      for (const answer of this.answers.splice(0))
        answer(JSON.stringify({ ok: false, error: `python exited (code ${code})` }))
    })
    this.child.on('error', (e) => {
      for (const answer of this.answers.splice(0)) answer(JSON.stringify({ ok: false, error: e.message }))
    })
  }

  get row() {
    return { engine: 'torch', threads: this.threads }
  }

  private ask(request: Record<string, unknown>): Promise<Record<string, unknown>> {
    return new Promise((done, fail) => {
      this.answers.push((line) => {
        const a = JSON.parse(line) as Record<string, unknown>
        if (a.ok === false || a.error) fail(new Error(String(a.error)))
        else done(a)
      })
      this.child.stdin!.write(JSON.stringify(request) + '\n')
    })
  }

  async setup() {
    const { model, batch } = BENCH_CONFIGS[this.config]
    const a = await this.ask({
      cmd: 'setup',
      config: { ...model, batch },
      threads: this.threads,
      seconds: this.seconds,
    })
    return {
      kernels: null,
      threads: a.threads as number,
      note: `PyTorch ${String(a.version)}, CPU capability ${String(a.capability)}, oneDNN ${a.mkldnn ? 'on' : 'off'}, BLAS ${String(a.blas)}`,
    }
  }

  async train(seconds: number) {
    const a = await this.ask({ cmd: 'train', seconds })
    return { perSecond: a.samplesPerSec as number, perCpuSecond: a.samplesPerCpuSec as number }
  }

  async infer(seconds: number) {
    const a = await this.ask({ cmd: 'infer', seconds })
    return { perSecond: a.samplesPerSec as number, perCpuSecond: a.samplesPerCpuSec as number }
  }

  async peakRssMb() {
    return (await this.ask({ cmd: 'rss' })).peakRssMb as number
  }

  async close() {
    if (this.child.exitCode !== null) return
    const exited = new Promise((done) => this.child.once('exit', done))
    this.child.stdin!.end(JSON.stringify({ cmd: 'exit' }) + '\n')
    await exited
  }
}

/**
 * Whether `python` can import torch: null when it can, else the plain reason (printed instead of torch rows).
 */
export function torchMissing(python = SYSTEM_PYTHON): Promise<string | null> {
  return new Promise((done) => {
    const child = spawn(python, ['-c', 'import torch'], { stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', (e) => done(`PyTorch is not installed: cannot run ${python} (${e.message})`))
    child.on('exit', (code) =>
      done(
        code === 0
          ? null
          : `PyTorch is not installed for ${python} (${err.trim().split('\n').at(-1) ?? `exit code ${code}`}); apt-get install python3-torch`,
      ),
    )
  })
}
