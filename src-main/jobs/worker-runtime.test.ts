import { describe, expect, it } from 'vitest'
import { AppError } from '../shared/result'
import type { JobFunction } from './job-context'
import type { ParentMessage, WorkerMessage } from './protocol'
import { runWorker } from './worker-runtime'

function memoryPort() {
  const posted: WorkerMessage[] = []
  let deliver: (message: ParentMessage) => void = () => undefined
  return {
    posted,
    send: (message: ParentMessage) => deliver(message),
    port: {
      post: (m: WorkerMessage) => posted.push(m),
      onMessage: (l: (m: ParentMessage) => void) => (deliver = l),
    },
  }
}

const context = { databasePath: ':memory:', dataDir: '/tmp' }
const start = (kind: string, params: unknown = {}): ParentMessage => ({
  type: 'start',
  jobId: 'j',
  kind,
  params,
  context,
})

function finished(posted: WorkerMessage[]): Promise<void> {
  return new Promise((resolve) => {
    const poll = () =>
      posted.some((m) => ['done', 'error', 'cancelled'].includes(m.type)) ? resolve() : setTimeout(poll, 2)
    poll()
  })
}

describe('runWorker', () => {
  it('announces itself, runs the job and returns its result', async () => {
    const { posted, send, port } = memoryPort()
    const double: JobFunction<{ n: number }, number> = async ({ n }) => n * 2
    runWorker(port, { double } as never)
    expect(posted[0]).toEqual({ type: 'ready' })
    send(start('double', { n: 21 }))
    await finished(posted)
    expect(posted.at(-1)).toEqual({ type: 'done', result: 42 })
  })

  it('throttles progress but always delivers the last update before the end', async () => {
    const { posted, send, port } = memoryPort()
    const chatty: JobFunction = async (_p, ctx) => {
      for (let i = 1; i <= 1000; i++) ctx.progress({ fraction: i / 1000, message: `step ${i}` })
      return 'ok'
    }
    runWorker(port, { chatty } as never)
    send(start('chatty'))
    await finished(posted)
    const progress = posted.filter((m) => m.type === 'progress')
    expect(progress.length).toBeGreaterThanOrEqual(1)
    expect(progress.length).toBeLessThan(10)
    expect(progress.at(-1)).toMatchObject({ fraction: 1, message: 'step 1000' })
  })

  it('stops at the next check after a cancel and reports the partial result', async () => {
    const { posted, send, port } = memoryPort()
    const long: JobFunction = async (_p, ctx) => {
      for (let i = 0; ; i++) {
        ctx.throwIfCancelled({ reached: i })
        await ctx.yieldToEvents()
        if (i === 5) send({ type: 'cancel' })
      }
    }
    runWorker(port, { long } as never)
    send(start('long'))
    await finished(posted)
    expect(posted.at(-1)).toEqual({ type: 'cancelled', result: { reached: 6 } })
  })

  it('reports errors as values, keeping the code of an AppError', async () => {
    const { posted, send, port } = memoryPort()
    const refuses: JobFunction = async () => {
      throw new AppError('invalid-input', 'a.csv line 3: unparseable timestamp')
    }
    const crashes: JobFunction = async () => {
      throw new TypeError('x is undefined')
    }
    runWorker(port, { refuses } as never)
    send(start('refuses'))
    await finished(posted)
    expect(posted.at(-1)).toEqual({
      type: 'error',
      code: 'invalid-input',
      message: 'a.csv line 3: unparseable timestamp',
    })

    const second = memoryPort()
    runWorker(second.port, { crashes } as never)
    second.send(start('crashes'))
    await finished(second.posted)
    expect(second.posted.at(-1)).toEqual({ type: 'error', code: 'internal', message: 'x is undefined' })
  })

  it('refuses an unknown job kind', async () => {
    const { posted, send, port } = memoryPort()
    runWorker(port, {})
    send(start('mine-bitcoin'))
    await finished(posted)
    expect(posted.at(-1)).toMatchObject({ type: 'error', code: 'invalid-request' })
  })
})
