import { fork } from 'node:child_process'
import type { WorkerHandle, WorkerMessage } from './protocol'

/**
 * Starts the worker with child_process.fork. `serialization: 'advanced'` keeps typed arrays
 * intact across the channel. A .ts entry (the CLI under tsx, unit tests) runs through tsx.
 */
export function spawnNodeWorker(entryPath: string): WorkerHandle {
  const child = fork(entryPath, [], {
    serialization: 'advanced',
    execArgv: entryPath.endsWith('.ts') ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return {
    postMessage: (message) => {
      if (child.connected) child.send(message)
    },
    onMessage: (listener) => child.on('message', (message) => listener(message as WorkerMessage)),
    onExit: (listener) => child.once('exit', (code) => listener(code)),
    kill: () => {
      child.kill('SIGKILL')
    },
  }
}
