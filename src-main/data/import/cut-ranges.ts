/** Cuts an export file into ranges of whole lines, one per parse thread (`parse-parallel.ts`). */
import { open } from 'node:fs/promises'

/** How far past a cut point a line end is looked for before that cut is dropped. */
const SEEK = 1 << 16

export interface FileRanges {
  /** byte offsets where the ranges begin: 0, then just after a line end near each 1/n of the file */
  starts: number[]
  /** and where they end (the next start, the file size for the last) */
  ends: number[]
  /** the header line's bytes (the first non-empty line, as the parser takes it), without its terminator */
  header: Buffer
}

/**
 * Up to `n` ranges of `path` (`size` bytes). Null when the header line does not end within the
 * first 64 KB or the file cannot be cut at all: the sequential parser then reports what is wrong.
 */
export async function cutRanges(path: string, size: number, n: number): Promise<FileRanges | null> {
  const file = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(SEEK)
    const lineEndFrom = async (at: number) => {
      const { bytesRead } = await file.read(buffer, 0, SEEK, at)
      const i = buffer.subarray(0, bytesRead).indexOf(10)
      return i === -1 ? -1 : at + i
    }
    // the parser skips empty lines, also before the header: the header is the first non-empty line
    let headerStart = 0
    let headerEnd = -1
    let header = Buffer.alloc(0)
    while (header.length === 0) {
      headerEnd = await lineEndFrom(headerStart)
      if (headerEnd === -1 || headerEnd >= SEEK) return null
      header = Buffer.from(buffer.subarray(0, headerEnd - headerStart))
      if (header.length > 0 && header[header.length - 1] === 13)
        header = header.subarray(0, header.length - 1)
      if (header.length === 0) headerStart = headerEnd + 1
    }
    const starts = [0]
    for (let k = 1; k < n; k++) {
      const end = await lineEndFrom(Math.floor((size * k) / n))
      // a cut inside a 64 KB line, in the header or on the previous cut is dropped (fewer ranges)
      if (end === -1 || end <= headerEnd || end + 1 >= size || end + 1 <= starts[starts.length - 1]) continue
      starts.push(end + 1)
    }
    if (starts.length < 2) return null
    return { starts, ends: [...starts.slice(1), size], header }
  } finally {
    await file.close()
  }
}
