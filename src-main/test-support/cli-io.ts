import type { CliIO } from '../cli/command'

/** A CLI output sink that keeps what the command printed, for assertions. */
export function captureCliIO(): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    isTTY: false,
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text),
  }
  return io
}

/**
 * Runs the CLI in this process on the library `db` (the worker from source), as a user would type
 * `args`; returns the exit code and what it printed.
 */
export async function runCliOn(
  db: string,
  args: string[],
  extra: string[] = [],
): Promise<{ code: number; stdout: string; stderr: string }> {
  // imported here so a test that only captures output does not load the whole CLI
  const [{ runCli }, { sourceWorkerEntry }] = await Promise.all([import('../cli/cli'), import('./temp-dir')])
  const io = captureCliIO()
  const code = await runCli([...args, '--db', db, ...extra], io, sourceWorkerEntry)
  return { code, stdout: io.stdout, stderr: io.stderr }
}
