/**
 * The memory layout of the row scanner's module (row-scanner-module.ts), shared with its JavaScript side
 * (row-scanner.ts): where the parameters, results and areas are, in bytes.
 */

/** Byte addresses of the module's fixed areas (the column arrays' addresses are parameters). */
export const ScannerLayout = {
  // parameters (i32)
  fieldCount: 0,
  timestampIndex: 4,
  dayIndex: 8,
  homeIndex: 12,
  valueCount: 16,
  homeLength: 20,
  capacity: 24,
  outInstants: 28,
  outZero: 32,
  outValues: 36,
  /** the check window (row-checks.ts): a row is read here only inside it; naive flag and UTC offset (minutes) */
  windowNaive: 40,
  windowOffset: 44,
  // results (i32)
  rows: 64,
  lines: 68,
  naiveRows: 72,
  exactRows: 76,
  nextDay: 80,
  sameDay: 84,
  stop: 88,
  reason: 92,
  /** f64: the window's [lo, hi) (instants, or wall-clock ms of naive rows) */
  windowLo: 96,
  windowHi: 104,
  /** the window's `day` cell: 10 bytes */
  windowDay: 112,
  /** f64[23]: 10^0 … 10^22, the exact powers parseNumberBytes divides by */
  pow10: 128,
  /** the current home id's bytes, as found in the file (long files) */
  homeBytes: 512,
  homeBytesMax: 256,
  /** i32 per value column: the field index of p_cons, p_prod, p_tot, then the meter channels (-1: absent) */
  valueIndex: 1024,
  valuesMax: 4100,
  /** i32[fields + 1]: where each field of the current line starts */
  fieldStarts: 20480,
  /** the chunk's bytes */
  input: 65536,
  inputMax: 1 << 20,
} as const

/** Why `scan` returned. */
export const StopReason = { endOfInput: 0, columnsFull: 1, lineForJavaScript: 2 } as const
