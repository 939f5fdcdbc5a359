/** A pool thread entry for work-pool.test.ts: small tasks that show what the pool does with each outcome. */
import { threadId } from 'node:worker_threads'
import { serveTasks, type PoolTask } from './pool-thread-runtime'

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const tasks: Record<string, PoolTask<never, unknown>> = {
  /** doubles its input, after a pause long enough for the other threads to take items too */
  double: (async (input: number, context) => {
    context.progress(0.5)
    await pause(30)
    return { value: 2 * input, threadId }
  }) as PoolTask<never, unknown>,
  /**
   * Waits (up to 20 s) until `parties` items have arrived at the shared counter, then doubles its value: the
   * first `parties` items can only all finish if each runs on a thread of its own.
   */
  rendezvous: (async (input: { barrier: SharedArrayBuffer; parties: number; value: number }) => {
    const count = new Int32Array(input.barrier)
    Atomics.add(count, 0, 1)
    Atomics.notify(count, 0)
    const deadline = Date.now() + 20_000
    for (
      let n = Atomics.load(count, 0);
      n < input.parties && Date.now() < deadline;
      n = Atomics.load(count, 0)
    )
      Atomics.wait(count, 0, n, 100)
    return { value: 2 * input.value, threadId, met: Atomics.load(count, 0) >= input.parties }
  }) as PoolTask<never, unknown>,
  /** counts to `steps` in steps of 10 ms, reporting progress, until cancelled */
  slow: (async (input: { steps: number }, context) => {
    for (let k = 0; k < input.steps; k++) {
      context.throwIfCancelled({ reached: k })
      context.progress(k / input.steps, `step ${k}`)
      await pause(10)
    }
    return { reached: input.steps }
  }) as PoolTask<never, unknown>,
  /** fails with an error that carries a code, as an AppError does */
  fail: (async () => {
    throw Object.assign(new Error('this item is broken'), { code: 'invalid-input' })
  }) as PoolTask<never, unknown>,
  /** ends its thread in the middle of the item */
  crash: (async () => {
    await pause(5)
    process.exit(3)
  }) as PoolTask<never, unknown>,
}

serveTasks(tasks)
