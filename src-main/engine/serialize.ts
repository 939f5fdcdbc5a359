import { paramCount, paramLayout, validateConfig, type ModelConfig, type ParamSpec } from './config'
import type { OptimizerConfig, OptimizerState } from './optimizer'
import { parseJsonSafely } from '../shared/safe-json'

/**
 * The model file format (version 1), little-endian:
 *
 *   bytes 0..7    magic "VFLSTM\r\n" (the CR LF catches text-mode transfers)
 *   u32           format version
 *   u32           header length L
 *   L bytes       header, UTF-8 JSON: { engine, config, params: [{name, shape}], optimizer, rngState, meta }
 *   0..7 bytes    zero padding to a multiple of 8
 *   f64 × n       the weights, in `params` order (n = sum of the shapes' sizes)
 *   f64 × n       optimizer moments m (when header.optimizer.hasM), then v (when hasV)
 *   u32           CRC-32 of everything before it
 *
 * float64 values are stored as their exact bytes, so a round trip is bit-exact.
 */
export const FORMAT_VERSION = 1
const MAGIC = 'VFLSTM\r\n'

export interface SavedModel {
  engine: 'scratch' | 'tfjs'
  config: ModelConfig
  specs: ParamSpec[]
  /** Float64Array [paramCount] */
  params: Float64Array
  optimizer: OptimizerState | null
  rngState: number[]
  /** Free-form JSON from the caller (scaler, data range, training history...). */
  meta: Record<string, unknown>
}

interface Header {
  engine: 'scratch' | 'tfjs'
  config: ModelConfig
  params: { name: string; shape: number[] }[]
  optimizer: { config: OptimizerConfig; step: number; hasM: boolean; hasV: boolean } | null
  rngState: number[]
  meta: Record<string, unknown>
}

export function serializeModel(m: SavedModel): Uint8Array {
  const header: Header = {
    engine: m.engine,
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
  const nums = arrays.reduce((n, a) => n + a.length, 0)
  const total = dataStart + nums * 8 + 4
  const bytes = new Uint8Array(total)
  const view = new DataView(bytes.buffer)
  for (let k = 0; k < 8; k++) bytes[k] = MAGIC.charCodeAt(k)
  view.setUint32(8, FORMAT_VERSION, true)
  view.setUint32(12, json.length, true)
  bytes.set(json, 16)
  let off = dataStart
  for (const a of arrays) {
    for (let k = 0; k < a.length; k++, off += 8) view.setFloat64(off, a[k], true)
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
  if (version !== FORMAT_VERSION)
    fail(`format version ${version}, this build reads version ${FORMAT_VERSION}`)
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
  if (dataStart + nums * 8 !== crcAt)
    fail(`expected ${nums} numbers after the header, found ${(crcAt - dataStart) / 8}`)
  let off = dataStart
  const read = () => {
    const a = new Float64Array(n)
    for (let k = 0; k < n; k++, off += 8) a[k] = view.getFloat64(off, true)
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
