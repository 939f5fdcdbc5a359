import { createReadStream } from 'node:fs'
import { checkUserFile } from '../../files/user-file'
import type { AnalyseFileParams, AnalyseFileResult } from '../../shared/contract'
import type { JobFunction } from '../job-context'

interface ColumnTally {
  name: string
  empty: number
  numeric: number
  min: number
  max: number
}

/**
 * Streams a CSV once (never whole in memory) and tallies its rows and, per column, empty cells
 * and the numeric range. Progress is reported by bytes read; a cancel is honoured between chunks.
 */
export const analyseFile: JobFunction<AnalyseFileParams, AnalyseFileResult> = async ({ path }, context) => {
  const bytes = checkUserFile(path).size
  let read = 0
  let lines = 0
  let rows = 0
  let columns: ColumnTally[] | null = null
  let carry = ''

  const tallyLine = (line: string) => {
    lines++
    if (line.endsWith('\r')) line = line.slice(0, -1)
    if (line.length === 0) return
    const cells = line.split(',')
    if (!columns) {
      columns = cells.map((name) => ({
        name: name.trim(),
        empty: 0,
        numeric: 0,
        min: Infinity,
        max: -Infinity,
      }))
      return
    }
    rows++
    for (let c = 0; c < columns.length; c++) {
      const cell = cells[c]
      const tally = columns[c]
      if (cell === undefined || cell === '') {
        tally.empty++
        continue
      }
      const value = Number(cell)
      if (!Number.isNaN(value)) {
        tally.numeric++
        if (value < tally.min) tally.min = value
        if (value > tally.max) tally.max = value
      }
    }
  }

  const stream = createReadStream(path, { highWaterMark: 256 * 1024, encoding: 'utf8' })
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      context.throwIfCancelled({ bytesRead: read, rows })
      const text = carry + chunk
      let start = 0
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        tallyLine(text.slice(start, end))
        start = end + 1
      }
      carry = text.slice(start)
      read += Buffer.byteLength(chunk)
      context.progress({
        fraction: bytes > 0 ? read / bytes : 1,
        message: `${rows.toLocaleString('en')} rows read`,
      })
      await context.yieldToEvents()
    }
  } finally {
    stream.destroy()
  }
  if (carry.length > 0) tallyLine(carry)
  const tallies: ColumnTally[] = columns ?? []
  return {
    path,
    bytes,
    lines,
    rows,
    header: tallies.map((c) => c.name),
    columns: tallies.map((c) => ({
      name: c.name,
      empty: c.empty,
      numeric: c.numeric,
      min: c.numeric > 0 ? c.min : null,
      max: c.numeric > 0 ? c.max : null,
    })),
  }
}
