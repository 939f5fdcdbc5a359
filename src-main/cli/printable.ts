/**
 * Text from user data (a model's name, a file path, an error that quotes them) goes to a
 * terminal that acts on control characters: ESC starts a sequence that can recolour, clear or
 * retitle the screen, NUL and CR hide what precedes them, bidi overrides reorder a line. They are
 * printed as visible escapes instead.
 */

/** C0 except \t and \n, DEL, C1, line/paragraph separators and the bidi embeddings, overrides, isolates. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
/** What JSON.stringify leaves raw (it escapes C0 itself). */
const RAW_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).padStart(width, '0')

/** Human-readable text with every control character shown as `\xHH` (or `\uHHHH`). */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => (c.charCodeAt(0) <= 0xff ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`))
}

/** JSON text with the characters JSON.stringify leaves raw written as `\uHHHH`: the same value when parsed. */
export function printableJson(text: string): string {
  return text.replace(RAW_IN_JSON, (c) => `\\u${hex(c, 4)}`)
}
