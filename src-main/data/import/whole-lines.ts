/**
 * The chunk loop of the streamed parse: a file (or a byte range of it) read in 1 MB pieces and handed
 * to a sink as whole lines, without copying the pieces: only the line cut between two pieces is joined.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'

const PIECE_BYTES = 1 << 20
/** A longer line is not a CSV row (a binary file or a file without line ends): refused, not buffered. */
const MAX_LINE_BYTES = 1 << 24

/** What the chunk loop feeds: lines one by one, or runs of whole lines in bulk (the row scanner). */
export interface LineSink {
  /**
   * Parses whole lines of `piece` from `from` (a line start) up to `limit` (a line start) where it can
   * in bulk; returns where it stopped: `limit`, or a line the loop hands to `line` one by one.
   */
  scanLines(piece: Buffer, from: number, limit: number): number
  /** One line, `chunk[start, end)`, without its '\n'. */
  line(chunk: Buffer, start: number, end: number): void
  /** After each piece: the bytes read so far and the bytes held back as a line cut at the piece's end. */
  afterPiece(read: number, carried: number): void
  /** Refuses the file at the current line. */
  fail(problem: string): never
}

export interface WholeLineOptions {
  /** read only bytes [start, end) (whole lines), and compute no hash */
  range?: { start: number; end: number }
  /** called after each piece with the bytes read so far */
  onBytes?: (bytesRead: number) => void
  /** called between pieces; throws to abort (cancel) */
  checkpoint?: () => Promise<void>
}

/** Streams `path` into `sink`; returns the file's SHA-256 (hex), or null for a range. */
export async function readWholeLines(
  path: string,
  sink: LineSink,
  options: WholeLineOptions,
): Promise<string | null> {
  const range = options.range
  const hash = range ? null : createHash('sha256')
  const stream = createReadStream(path, {
    highWaterMark: PIECE_BYTES,
    ...(range ? { start: range.start, end: range.end - 1 } : {}),
  })
  let carry: Buffer | null = null
  let read = 0
  try {
    for await (const piece of stream as AsyncIterable<Buffer>) {
      hash?.update(piece)
      read += piece.length
      let start = 0
      if (carry) {
        // finish the line cut by the previous piece on its own: joining the whole piece to it
        // would copy every byte of the file once more
        const first = piece.indexOf(10)
        const line = Buffer.concat([carry, first === -1 ? piece : piece.subarray(0, first)])
        if (first === -1) start = piece.length
        else {
          sink.line(line, 0, line.length)
          start = first + 1
        }
        carry = first === -1 ? line : null
      }
      const limit = piece.lastIndexOf(10) + 1 // the whole lines of this piece
      while (start < limit) {
        start = sink.scanLines(piece, start, limit)
        if (start >= limit) break
        const end = piece.indexOf(10, start)
        sink.line(piece, start, end)
        start = end + 1
      }
      if (start < piece.length) carry = Buffer.from(piece.subarray(start))
      sink.afterPiece(read, carry?.length ?? 0)
      if (carry && carry.length > MAX_LINE_BYTES) sink.fail('a line longer than 16 MB: not a CSV export.')
      options.onBytes?.(read)
      await options.checkpoint?.()
    }
  } finally {
    stream.destroy()
  }
  if (carry) sink.line(carry, 0, carry.length)
  return hash ? hash.digest('hex') : null
}
