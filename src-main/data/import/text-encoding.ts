/**
 * Text encodings a CSV export may come in besides UTF-8. Excel and Windows tools save "Unicode text" as
 * UTF-16: with a byte-order mark (FF FE little-endian, FE FF big-endian), or without one, when every ASCII
 * character is followed (or preceded) by a zero byte. Such a file is not binary junk: the user only needs
 * to save it again as UTF-8. (A UTF-8 byte-order mark, EF BB BF, is read as UTF-8 and skipped.)
 */

/** 'UTF-16LE' / 'UTF-16BE' when the first line `bytes[start, end)` is UTF-16 text, else null. */
export function utf16Encoding(bytes: Uint8Array, start: number, end: number): 'UTF-16LE' | 'UTF-16BE' | null {
  if (end - start >= 2) {
    if (bytes[start] === 0xff && bytes[start + 1] === 0xfe) return 'UTF-16LE'
    if (bytes[start] === 0xfe && bytes[start + 1] === 0xff) return 'UTF-16BE'
  }
  // no mark: ASCII text with a zero byte after (LE) or before (BE) each character, over the first 64 bytes
  const n = Math.min(end - start, 64) & ~1
  if (n < 4) return null
  let little = true
  let big = true
  for (let i = start; i < start + n; i += 2) {
    const even = bytes[i]
    const odd = bytes[i + 1]
    little &&= even !== 0 && even < 0x80 && odd === 0
    big &&= even === 0 && odd !== 0 && odd < 0x80
  }
  return little ? 'UTF-16LE' : big ? 'UTF-16BE' : null
}
