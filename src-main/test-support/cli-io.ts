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
