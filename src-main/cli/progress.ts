import type { JobInfo } from '../shared/contract'
import type { CliIO } from './command'
import { printable, printableJson } from './printable'

/** Renders job updates on stderr: a redrawn bar on a terminal, one line per update otherwise, or JSON lines. */
export function progressPrinter(io: CliIO, mode: 'bar' | 'json' | 'none'): (info: JobInfo) => void {
  let lastLine = ''
  return (info) => {
    if (mode === 'none') return
    if (mode === 'json') {
      io.err(
        printableJson(
          JSON.stringify({
            jobId: info.jobId,
            status: info.status,
            fraction: info.fraction,
            message: info.message,
            detail: info.kind === 'train' || info.kind === 'backtest' ? info.progress : undefined,
          }) + '\n',
        ),
      )
      return
    }
    const width = 30
    const fraction = info.fraction ?? 0
    const filled = Math.round(fraction * width)
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${printable(info.message)}`
    if (io.isTTY) io.err(`\r${bar.padEnd(lastLine.length)}${info.endedAt ? '\n' : ''}`)
    else if (info.endedAt || bar !== lastLine) io.err(bar + '\n')
    lastLine = bar
  }
}
