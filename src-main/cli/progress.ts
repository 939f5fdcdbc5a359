import type { JobInfo } from '../shared/contract'
import type { CliIO } from './command'
import { printable, printableJson } from './printable'

/**
 * What a piped stderr (a log file, CI) gets a line for: a training's epoch or phase, another job's
 * tenth of the way, or a change of status. A terminal redraws its bar at every update instead.
 */
export function progressStep(info: JobInfo): string {
  const detail = info.kind === 'train' ? info.progress : undefined
  if (detail && 'epoch' in detail && detail.phase === 'training')
    return `${info.status} epoch ${detail.epoch}/${detail.epochs}`
  if (detail) return `${info.status} ${detail.phase}`
  return `${info.status} ${Math.floor((info.fraction ?? 0) * 10)}`
}

/**
 * Renders job updates on stderr: a redrawn bar on a terminal, or (piped) one line per step of
 * `progressStep` and one at the end; or JSON lines.
 */
export function progressPrinter(io: CliIO, mode: 'bar' | 'json' | 'none'): (info: JobInfo) => void {
  let lastLine = ''
  let lastStep = ''
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
    else {
      const step = progressStep(info)
      if (info.endedAt || step !== lastStep) io.err(bar + '\n')
      lastStep = step
    }
    lastLine = bar
  }
}
