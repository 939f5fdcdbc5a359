import { paramCount, paramLayout, validateConfig, type ModelConfig, type ParamSpec } from './config'
import type { FloatArray, Precision } from './kernels/matmul'
import type { OptimizerConfig, OptimizerState } from './optimizer'
import { parseJsonSafely } from '../shared/safe-json'

/**
 * The model file format, little-endian:
 *
 *   bytes 0..7    magic "VFLSTM\r\n" (the CR LF catches text-mode transfers)
 *   u32           format version: 1 for float64 numbers, 2 for float32 ones
 *   u32           header length L
 *   L bytes       header, UTF-8 JSON: { engine, precision, config, params: [{name, shape}], optimizer, rngState,
 *                 meta } (precision absent in files written before it existed: float64)
 *   0..7 bytes    zero padding to a multiple of 8
 *   f64|f32 × n   the weights, in `params` order (n = sum of the shapes' sizes), in the file's precision
 *   f64|f32 × n   optimizer moments m (when header.optimizer.hasM), then v (when hasV)
 *   u32           CRC-32 of everything before it
 *
 * Values are stored as their exact bytes, so a round trip is bit-exact in the model's own precision. A float64
 * model keeps version 1 (unchanged, so earlier builds still read it); a float32 model is version 2, half the
 * size. Either loads into a model of either precision (ScratchLstmModel.fromBytes converts).
 */
export const FORMAT_VERSION = 2
const VERSION_FOR: Record<Precision, number> = { float64: 1, float32: 2 }
const MAGIC = 'VFLSTM\r\n'

/** The format version of model bytes (1: float64 numbers, 2: float32), as written in them. */
export function fileFormatVersion(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true)
}

export interface SavedModel {
  engine: 'scratch' | 'tfjs'
  /** The precision of the numbers in the file (and of the model that wrote it). */
  precision: Precision
  config: ModelConfig
  specs: ParamSpec[]
  /** [paramCount] (after reading: always a Float64Array, exact for either precision) */
  params: FloatArray
  optimizer: OptimizerState | null
  rngState: number[]
  /** Free-form JSON from the caller (scaler, data range, training history...). */
  meta: Record<string, unknown>
}

interface Header {
  engine: 'scratch' | 'tfjs'
  precision?: Precision
  config: ModelConfig
  params: { name: string; shape: number[] }[]
  optimizer: { config: OptimizerConfig; step: number; hasM: boolean; hasV: boolean } | null
  rngState: number[]
  meta: Record<string, unknown>
}

export function serializeModel(m: SavedModel): Uint8Array {
  const header: Header = {
    engine: m.engine,
    precision: m.precision,
    config: m.config,
    params: m.specs.map((s) => ({ name: s.name, shape: s.shape })),
    optimizer: m.optimizer
      ? {
          config: m.optimizer.config,
          step: m.optimizer.step,
          hasM: m.optimizer.m.length > 0,
          hasV: m.optimizer.v.length > 0,
        }
      : null,
    rngState: m.rngState,
    meta: m.meta,
  }
  const json = new TextEncoder().encode(JSON.stringify(header))
  const headerEnd = 16 + json.length
  const dataStart = Math.ceil(headerEnd / 8) * 8
  const arrays = [m.params]
  if (m.optimizer) {
    if (m.optimizer.m.length > 0) arrays.push(m.optimizer.m)
    if (m.optimizer.v.length > 0) arrays.push(m.optimizer.v)
  }
  const width = m.precision === 'float32' ? 4 : 8
  const nums = arrays.reduce((n, a) => n + a.length, 0)
  const total = dataStart + nums * width + 4
  const bytes = new Uint8Array(total)
  const view = new DataView(bytes.buffer)
  for (let k = 0; k < 8; k++) bytes[k] = MAGIC.charCodeAt(k)
  view.setUint32(8, VERSION_FOR[m.precision], true)
  view.setUint32(12, json.length, true)
  bytes.set(json, 16)
  let off = dataStart
  for (const a of arrays) {
    if (width === 8) for (let k = 0; k < a.length; k++, off += 8) view.setFloat64(off, a[k], true)
    else for (let k = 0; k < a.length; k++, off += 4) view.setFloat32(off, a[k], true)
  }
  view.setUint32(off, crc32(bytes, 0, off), true)
  return bytes
}

/** Parse and check a model file; throws a clear error for a damaged, foreign or mismatched file. */
export function deserializeModel(bytes: Uint8Array): SavedModel {
  const fail = (why: string): never => {
    throw new Error(`not a valid model file: ${why}`)
  }
  if (bytes.length < 20) fail(`only ${bytes.length} bytes`)
  for (let k = 0; k < 8; k++)
    if (bytes[k] !== MAGIC.charCodeAt(k)) fail('wrong magic bytes (not a Voisin Forecast model)')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const version = view.getUint32(8, true)
  if (version !== 1 && version !== 2)
    fail(`format version ${version}, this build reads versions 1 and ${FORMAT_VERSION}`)
  const crcAt = bytes.length - 4
  if (view.getUint32(crcAt, true) !== crc32(bytes, 0, crcAt))
    fail('checksum mismatch (the file is damaged or truncated)')
  const jsonLen = view.getUint32(12, true)
  if (16 + jsonLen > crcAt) fail('header longer than the file')
  let header: Header
  try {
    header = parseJsonSafely(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(16, 16 + jsonLen)),
    ) as Header
  } catch (e) {
    return fail(`unreadable header (${(e as Error).message})`)
  }
  if (header.engine !== 'scratch' && header.engine !== 'tfjs') fail(`unknown engine ${String(header.engine)}`)
  const precision: Precision = version === 2 ? 'float32' : 'float64'
  if (header.precision !== undefined && header.precision !== precision)
    fail(`the header says ${String(header.precision)}, format version ${version} holds ${precision} numbers`)
  try {
    validateConfig(header.config)
  } catch (e) {
    fail(`bad architecture: ${(e as Error).message}`)
  }
  const specs = paramLayout(header.config)
  const names = (l: { name: string; shape: number[] }[]) =>
    l.map((p) => `${p.name}[${p.shape.join(',')}]`).join(' ')
  if (!Array.isArray(header.params) || names(header.params) !== names(specs)) {
    fail(`weights ${names(header.params ?? [])} do not match the architecture, which needs ${names(specs)}`)
  }
  const n = paramCount(specs)
  const opt = header.optimizer
  const nums = n * (1 + (opt?.hasM ? 1 : 0) + (opt?.hasV ? 1 : 0))
  const dataStart = Math.ceil((16 + jsonLen) / 8) * 8
  const width = precision === 'float32' ? 4 : 8
  if (dataStart + nums * width !== crcAt)
    fail(`expected ${nums} numbers after the header, found ${(crcAt - dataStart) / width}`)
  let off = dataStart
  const read = () => {
    const a = new Float64Array(n)
    if (width === 8) for (let k = 0; k < n; k++, off += 8) a[k] = view.getFloat64(off, true)
    else for (let k = 0; k < n; k++, off += 4) a[k] = view.getFloat32(off, true)
    return a
  }
  const params = read()
  const optimizer: OptimizerState | null = opt
    ? {
        config: opt.config,
        step: opt.step,
        m: opt.hasM ? read() : new Float64Array(0),
        v: opt.hasV ? read() : new Float64Array(0),
      }
    : null
  return {
    engine: header.engine,
    precision,
    config: header.config,
    specs,
    params,
    optimizer,
    rngState: header.rngState,
    meta: header.meta ?? {},
  }
}

let crcTable: Uint32Array | null = null

/** CRC-32 (IEEE 802.3, as zip and PNG) of bytes[start, end). */
export function crc32(bytes: Uint8Array, start: number, end: number): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256)
    for (let n = 0; n < 256; n++) {
      let c = n
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
      crcTable[n] = c >>> 0
    }
  }
  let crc = 0xffffffff
  for (let k = start; k < end; k++) crc = crcTable[(crc ^ bytes[k]) & 0xff] ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}
