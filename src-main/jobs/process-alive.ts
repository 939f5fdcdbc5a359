/**
 * Whether a process with this id exists: signal 0 checks without sending anything. EPERM means
 * it exists but belongs to someone else. Used to tell a live owner (the app while the CLI runs on
 * the same library) from one that was killed.
 */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
