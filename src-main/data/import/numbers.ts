/**
 * Decimal numbers straight from bytes (`22.899999618530277`, `-3957.0`, `0`, `1e-05`).
 * Up to 15 significant digits the result is the correctly rounded double; longer float32
 * artefacts are within a couple of ulps, far below the float32 precision they are stored in.
 */

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i)

/** Meaningful only when `parseNumberBytes` returned NaN: true for junk, false for an empty cell. */
export const numberStatus = { invalid: false }

/** The value of `bytes[start, end)`; NaN for an empty cell (or `nan`), NaN + `numberStatus.invalid` for junk. */
export function parseNumberBytes(bytes: Uint8Array, start: number, end: number): number {
  // the flag is written only on the rare paths (empty, junk), so the hot path stores nothing
  while (start < end && bytes[start] === 32) start++
  while (end > start && bytes[end - 1] === 32) end--
  if (start === end) {
    numberStatus.invalid = false
    return NaN
  }
  let at = start
  let negative = false
  if (bytes[at] === 45) {
    negative = true
    at++
  } else if (bytes[at] === 43) at++
  let mantissa = 0
  let digitsSeen = 0
  let scale = 0
  while (at < end) {
    const d = bytes[at] - 48
    if (d < 0 || d > 9) break
    mantissa = mantissa * 10 + d
    digitsSeen++
    at++
  }
  if (at < end && bytes[at] === 46) {
    at++
    while (at < end) {
      const d = bytes[at] - 48
      if (d < 0 || d > 9) break
      mantissa = mantissa * 10 + d
      scale++
      digitsSeen++
      at++
    }
  }
  if (digitsSeen === 0) return slowParse(bytes, start, end)
  if (at < end) {
    if (bytes[at] !== 101 && bytes[at] !== 69) return slowParse(bytes, start, end)
    at++
    let exponentNegative = false
    if (bytes[at] === 45 || bytes[at] === 43) exponentNegative = bytes[at++] === 45
    let exponent = 0
    const exponentStart = at
    while (at < end) {
      const d = bytes[at] - 48
      if (d < 0 || d > 9) return slowParse(bytes, start, end)
      exponent = exponent * 10 + d
      at++
    }
    if (at === exponentStart) return slowParse(bytes, start, end)
    scale += exponentNegative ? exponent : -exponent
  }
  let value: number
  if (scale === 0) value = mantissa
  else if (scale > 0 && scale < POW10.length) value = mantissa / POW10[scale]
  else if (scale < 0 && -scale < POW10.length) value = mantissa * POW10[-scale]
  else value = mantissa * 10 ** -scale
  return negative ? -value : value
}

function slowParse(bytes: Uint8Array, start: number, end: number): number {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1')
  const lower = text.toLowerCase()
  if (lower === 'nan' || lower === 'null' || lower === 'na') {
    numberStatus.invalid = false
    return NaN
  }
  const value = Number(text)
  numberStatus.invalid = Number.isNaN(value)
  return value
}
