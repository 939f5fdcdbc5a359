import { describe, expect, it } from 'vitest'
import type { JobInfo } from '../shared/contract'
import { progressPrinter } from './progress'

function capture(isTTY: boolean) {
  const lines: string[] = []
  return { io: { out: () => undefined, err: (text: string) => void lines.push(text), isTTY }, lines }
}

const base = { jobId: 'j', label: 'Train', startedAt: 0, endedAt: null, message: '' }
/** A training's updates as the worker throttles them: several per epoch, as a real run sends. */
function trainingUpdates(epochs: number, perEpoch: number): JobInfo[] {
  const updates: JobInfo[] = [
    { ...base, kind: 'train', status: 'running', fraction: null, progress: { phase: 'preparing' } },
  ]
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let batch = 1; batch <= perEpoch; batch++) {
      updates.push({
        ...base,
        kind: 'train',
        status: 'running',
        fraction: (epoch - 1 + batch / perEpoch) / epochs,
        message: `epoch ${epoch}/${epochs}, batch ${batch}/${perEpoch}`,
        progress: {
          phase: 'training',
          epoch,
          epochs,
          batch,
          batches: perEpoch,
          trainLoss: 1 / epoch,
          valLoss: null,
          valPerStep: null,
          samplesPerSecond: 100,
          elapsedSeconds: epoch,
          etaSeconds: epochs - epoch,
          history: [],
        },
      })
    }
  }
  updates.push({ ...base, kind: 'train', status: 'done', fraction: 1, endedAt: 9, message: 'Finished' })
  return updates
}

describe('progress on stderr', () => {
  it('prints one line per epoch when stderr is not a terminal, not one per update', () => {
    const { io, lines } = capture(false)
    const print = progressPrinter(io, 'bar')
    const updates = trainingUpdates(20, 40)
    for (const update of updates) print(update)
    expect(updates).toHaveLength(1 + 20 * 40 + 1)
    // preparing, 20 epochs, the end
    expect(lines).toHaveLength(22)
    expect(lines.every((line) => line.endsWith('\n') && !line.includes('\r'))).toBe(true)
    expect(lines[2]).toContain('epoch 2/20')
  })

  it('prints a line per tenth of the way for other jobs, and redraws one bar on a terminal', () => {
    const piped = capture(false)
    const print = progressPrinter(piped.io, 'bar')
    for (let k = 0; k <= 100; k++)
      print({ ...base, kind: 'import', status: 'running', fraction: k / 100, message: `${k} %` })
    expect(piped.lines).toHaveLength(11)
    const tty = capture(true)
    const draw = progressPrinter(tty.io, 'bar')
    for (let k = 0; k <= 100; k++)
      draw({ ...base, kind: 'import', status: 'running', fraction: k / 100, message: `${k} %` })
    expect(tty.lines.every((line) => line.startsWith('\r'))).toBe(true)
  })
})
