import type { CliIO } from './command'

/**
 * The CLI's stdout and stderr. A reader that stops early (`voisin-forecast model 1 --json | head -c 20`)
 * closes the pipe: the next write fails with EPIPE, which Node raises as an unhandled 'error' event
 * and a stack trace. That reader took what it wanted, so the rest of the output is dropped quietly
 * and the command ends as it would have (exit code 0 when it succeeded): a closed pipe is not a
 * failure of the command, and `set -o pipefail` scripts keep working.
 */
export function processIO(): CliIO {
  const closed = { out: false, err: false }
  const quietOnClose = (stream: NodeJS.WriteStream, key: keyof typeof closed) => {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error
      closed[key] = true
    })
  }
  quietOnClose(process.stdout, 'out')
  quietOnClose(process.stderr, 'err')
  return {
    out: (text) => void (closed.out || process.stdout.write(text)),
    err: (text) => void (closed.err || process.stderr.write(text)),
    isTTY: Boolean(process.stderr.isTTY),
  }
}
