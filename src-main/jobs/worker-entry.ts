/**
 * Entry point of the worker process (Electron utilityProcess in the app, child_process.fork
 * under Node). Heavy work (imports, training, analysis) runs here, off the main event loop.
 */
import type { ParentMessage, WorkerMessage } from './protocol'
import { jobRegistry } from './registry'
import { runWorker, type WorkerPort } from './worker-runtime'

interface ElectronParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown }) => void): void
}

let unsentMessages = 0
let finished = false

function exitWhenFlushed(): void {
  if (finished && unsentMessages === 0) process.exit(0)
}

/** A MessagePort gives no "sent" callback: leave the last message this long to leave the process. */
const PARENT_PORT_FLUSH_MS = 500

const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort

function connectToParent(): WorkerPort {
  if (parentPort) {
    return {
      post: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as ParentMessage)),
    }
  }
  if (!process.send) throw new Error('The worker must be started by the Voisin Forecast backend.')
  return {
    // count messages still being written, so the process exits only after the last one left
    post: (message: WorkerMessage) => {
      unsentMessages++
      process.send?.(message, undefined, undefined, () => {
        unsentMessages--
        exitWhenFlushed()
      })
    },
    onMessage: (listener) => process.on('message', (message) => listener(message as ParentMessage)),
  }
}

// The worker ends when its job ends; a parent that disappears takes the worker with it.
process.on('disconnect', () => process.exit(0))
runWorker(connectToParent(), jobRegistry, () => {
  finished = true
  if (parentPort) setTimeout(() => process.exit(0), PARENT_PORT_FLUSH_MS)
  else setImmediate(exitWhenFlushed)
})
