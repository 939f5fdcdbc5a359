/**
 * Entry of a shard thread (`worker_threads`): one replica of the network, reading the shared weights in place,
 * computes its shard of every batch the calling thread hands out (shard-team.ts) until told to exit. Built as
 * its own bundle entry (`out/main/shard-thread.js`) so it can be started next to the running code.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { lossForwardBackward } from '../losses'
import { newFloats, type FloatArray } from '../kernels/matmul'
import { kernelsByName } from '../kernels/select'
import { LstmNetwork } from '../network'
import { Rng } from '../rng'
import { Command, lossAt, shardRows, Slot, type ShardMessage, type ShardThreadData } from './shard-protocol'

function floats(data: ShardThreadData, buffer: SharedArrayBuffer): FloatArray {
  return data.precision === 'float32' ? new Float32Array(buffer) : new Float64Array(buffer)
}

function serve(data: ShardThreadData): void {
  const { config, shard, threads } = data
  const { inputSize: I, predSize: P } = config
  const control = new Int32Array(data.control)
  const net = new LstmNetwork(config, kernelsByName(data.kernels, data.precision), {
    params: floats(data, data.params),
    grads: floats(data, data.grads),
  })
  net.reserve(Math.ceil(data.capacity / threads)) // the largest shard of the largest batch
  const x = new Float64Array(data.x)
  const y = new Float64Array(data.y)
  const losses = new Float64Array(data.losses)
  const predictions = new Float64Array(data.predictions)
  const dy = newFloats(data.precision, data.capacity * P)
  const perStep = new Float64Array(P)
  // the generation seen BEFORE saying ready: a command sent right after is then never missed
  let seen = Atomics.load(control, Slot.generation)
  parentPort!.postMessage({ type: 'ready' } satisfies ShardMessage)
  Atomics.add(control, Slot.ready, 1)
  Atomics.notify(control, Slot.ready)
  for (;;) {
    Atomics.wait(control, Slot.generation, seen)
    seen = Atomics.load(control, Slot.generation)
    const command = Atomics.load(control, Slot.command)
    if (command === Command.exit) return
    try {
      const B = control[Slot.rows]
      const T = control[Slot.steps]
      const [start, end] = shardRows(shard, threads, B)
      const rows = end - start
      if (rows > 0 && command === Command.train) {
        const rng = config.dropout > 0 ? new Rng(control[Slot.seeds + shard]) : null
        const yHat = net.forward(x, start * T * I, rows, T, true, rng)
        const target = y.subarray(start * P, end * P)
        // divided by the whole batch: the shards' losses and gradients add up to the batch's
        const loss = lossForwardBackward(lossAt(control[Slot.loss]), dy, perStep, yHat, target, rows, P, B)
        net.grads.fill(0)
        net.backward(dy)
        losses[shard * (1 + P)] = loss
        losses.set(perStep, shard * (1 + P) + 1)
      } else if (rows > 0 && command === Command.predict) {
        predictions.set(net.forward(x, start * T * I, rows, T, false, null), start * P)
      }
      Atomics.add(control, Slot.shardsComputed, 1)
    } catch (error) {
      Atomics.store(control, Slot.failed, 1)
      parentPort!.postMessage({
        type: 'failed',
        message: error instanceof Error ? error.message : String(error),
      } satisfies ShardMessage)
    }
    Atomics.add(control, Slot.done, 1)
    Atomics.notify(control, Slot.done)
  }
}

try {
  serve(workerData as ShardThreadData)
} catch (error) {
  const control = new Int32Array((workerData as ShardThreadData).control)
  Atomics.store(control, Slot.failed, 1)
  Atomics.notify(control, Slot.ready)
  parentPort!.postMessage({
    type: 'failed',
    message: error instanceof Error ? error.message : String(error),
  } satisfies ShardMessage)
}
