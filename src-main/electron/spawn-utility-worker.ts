import { utilityProcess } from 'electron'
import type { WorkerHandle, WorkerMessage } from '../jobs/protocol'

/** Starts the worker as an Electron utility process (its own Node process, off the main loop). */
export function spawnUtilityWorker(entryPath: string): WorkerHandle {
  const child = utilityProcess.fork(entryPath, [], {
    serviceName: 'Voisin Forecast worker',
    stdio: 'inherit',
  })
  return {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message: unknown) => listener(message as WorkerMessage)),
    onExit: (listener) => child.once('exit', (code: number) => listener(code)),
    kill: () => {
      child.kill()
    },
  }
}
