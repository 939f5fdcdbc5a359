/**
 * Entry of a fold thread (`worker_threads`): runs the work items the thread runner sends, one at a
 * time, with `runFold`, and posts progress and outcomes back. Built as its own bundle entry
 * (`out/main/fold-thread.js`), started by start-fold-thread.ts.
 */
import { parentPort } from 'node:worker_threads'
import { AppError } from '../../shared/result'
import type { FromFoldThread, ToFoldThread } from './fold-thread-protocol'
import { FoldCancelled, runFold } from './run-fold'

let cancelled = false
const post = (message: FromFoldThread) => parentPort!.postMessage(message)

async function run(message: Extract<ToFoldThread, { type: 'run' }>): Promise<void> {
  try {
    const outcome = await runFold(message.item, {
      progress: (progress) => post({ type: 'progress', progress }),
      cancelled: () => cancelled,
    })
    post({ type: 'done', outcome })
  } catch (error) {
    if (error instanceof FoldCancelled) post({ type: 'cancelled' })
    else
      post({
        type: 'failed',
        code: error instanceof AppError ? error.code : 'internal',
        message: error instanceof Error ? error.message : String(error),
      })
  }
}

parentPort!.on('message', (message: ToFoldThread) => {
  if (message.type === 'cancel') cancelled = true
  else void run(message)
})
