/**
 * The `.vfmodel` file: one UTF-8 JSON document (see docs/models.md)
 *
 *   { format: "voisin-forecast-model-bundle", bundleVersion: 1,
 *     name, notes, manifest: ModelManifest,
 *     weights: { encoding: "base64", bytes, sha256 }, weightsBase64: "…",
 *     sha256: hex SHA-256 of canonical(name, notes, manifest) + weights.sha256 }
 *
 * The weights are the engine's own versioned, CRC-checked model bytes (engine/serialize.ts),
 * so a round trip is bit-exact. Decoding checks everything before the library is touched.
 */
import { createHash } from 'node:crypto'
import { deserializeModel } from '../engine/serialize'
import { ImportedManifest, MANIFEST_TEXT_MAX, MODEL_NAME_MAX, MODEL_NOTES_MAX } from '../shared/model-schemas'
import { parseJsonSafely } from '../shared/safe-json'
import { inputSizeFor } from '../training/features'
import type { ModelManifest } from './manifest'

export const BUNDLE_FORMAT = 'voisin-forecast-model-bundle'
export const BUNDLE_VERSION = 1
/** A bundle larger than this is not a model this app wrote (the biggest allowed net is ~200 MB of weights). */
export const MAX_BUNDLE_BYTES = 512 * 1024 * 1024

export interface ModelBundle {
  name: string
  notes: string
  manifest: ModelManifest
  /** the engine's model bytes */
  weights: Uint8Array
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex')

function contentHash(name: string, notes: string, manifest: ModelManifest, weightsSha: string): string {
  return sha256(JSON.stringify({ name, notes, manifest }) + '\n' + weightsSha)
}

/** The file's text. */
export function encodeBundle(bundle: ModelBundle): string {
  const weightsSha = sha256(bundle.weights)
  return JSON.stringify({
    format: BUNDLE_FORMAT,
    bundleVersion: BUNDLE_VERSION,
    name: bundle.name,
    notes: bundle.notes,
    manifest: bundle.manifest,
    weights: { encoding: 'base64', bytes: bundle.weights.length, sha256: weightsSha },
    weightsBase64: Buffer.from(bundle.weights).toString('base64'),
    sha256: contentHash(bundle.name, bundle.notes, bundle.manifest, weightsSha),
  })
}

/** Thrown for a file that must not be imported; the message names the file and the reason. */
export class BundleError extends Error {}

/**
 * Parses and checks a bundle: format and version, content hash, weight bytes (size, hash, engine
 * checksum), and that the manifest describes the weights it carries.
 * @param where the file name, for the messages
 */
export function decodeBundle(bytes: Uint8Array, where: string): ModelBundle {
  const refuse = (why: string): never => {
    throw new BundleError(`${where} cannot be imported: ${why}.`)
  }
  if (bytes.length === 0) refuse('the file is empty')
  if (bytes.length > MAX_BUNDLE_BYTES) refuse(`the file is ${bytes.length} bytes, larger than any model file`)
  let doc: Record<string, unknown>
  const forbidden: string[] = []
  try {
    doc = parseJsonSafely(new TextDecoder('utf-8', { fatal: true }).decode(bytes), (path) =>
      forbidden.push(path),
    ) as Record<string, unknown>
  } catch (error) {
    const text = new TextDecoder().decode(bytes.subarray(0, 16))
    if (text.startsWith('VFLSTM')) return refuse('it is a bare engine weights file, not a .vfmodel bundle')
    return refuse(
      `it is not a complete JSON document, so it is truncated or not a .vfmodel file (${(error as Error).message})`,
    )
  }
  if (doc === null || typeof doc !== 'object' || doc.format !== BUNDLE_FORMAT)
    refuse('it is not a Voisin Forecast model bundle (no "format": "voisin-forecast-model-bundle")')
  // This app never writes such a key; a file that holds one was made to reach a prototype.
  if (forbidden.length > 0)
    refuse(
      `it holds the key "${forbidden[0].split('.').pop()}" (at ${forbidden[0]}), which no model file has`,
    )
  if (typeof doc.bundleVersion !== 'number' || doc.bundleVersion > BUNDLE_VERSION)
    refuse(
      `it has bundle version ${String(doc.bundleVersion)} and this app reads version ${BUNDLE_VERSION}: update the app`,
    )
  const {
    name,
    notes,
    manifest,
    weights,
    weightsBase64,
    sha256: declared,
  } = doc as {
    name: unknown
    notes: unknown
    manifest: ModelManifest
    weights: { encoding?: unknown; bytes?: unknown; sha256?: unknown } | undefined
    weightsBase64: unknown
    sha256: unknown
  }
  if (typeof name !== 'string' || typeof notes !== 'string') refuse('its name or notes are missing')
  checkNameAndNotes(name as string, notes as string, refuse)
  if (!manifest || typeof manifest !== 'object') refuse('its manifest is missing')
  if (!weights || weights.encoding !== 'base64' || typeof weightsBase64 !== 'string')
    refuse('its weights are missing or not base64')
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(weightsBase64 as string)) refuse('its weights are not valid base64')
  const raw = new Uint8Array(Buffer.from(weightsBase64 as string, 'base64'))
  if (raw.length !== weights!.bytes)
    refuse(`its weights are ${raw.length} bytes but the file declares ${String(weights!.bytes)} (truncated?)`)
  const weightsSha = sha256(raw)
  if (weightsSha !== weights!.sha256)
    refuse('the weights do not match their SHA-256 (the file was modified or damaged)')
  if (declared !== contentHash(name as string, notes as string, manifest, weightsSha))
    refuse("the manifest does not match the file's SHA-256 (the file was modified or damaged)")
  let saved: ReturnType<typeof deserializeModel>
  try {
    saved = deserializeModel(raw)
  } catch (error) {
    return refuse(`its weights are ${(error as Error).message}`)
  }
  checkManifestAgainstWeights(manifest, saved, refuse)
  checkManifestBounds(manifest, refuse)
  return { name: name as string, notes: notes as string, manifest, weights: raw }
}

/** The manifest must describe exactly the network in the weights, with usable scaling and features. */
function checkManifestAgainstWeights(
  m: ModelManifest,
  saved: ReturnType<typeof deserializeModel>,
  refuse: (why: string) => never,
): void {
  if (m.format !== 'voisin-forecast-model') refuse('its manifest is not a Voisin Forecast model manifest')
  const missing = [
    ['dataset.home', typeof m.dataset?.home === 'string'],
    ['params', m.params !== null && typeof m.params === 'object'],
    ['history', Array.isArray(m.history)],
    ['split', Array.isArray(m.split?.test)],
    ['test', m.test !== null && typeof m.test?.model === 'object'],
  ].filter(([, ok]) => !ok)
  if (missing.length > 0) refuse(`its manifest lacks ${missing.map(([name]) => name).join(', ')}`)
  if (m.engine !== saved.engine)
    refuse(`the manifest says engine "${String(m.engine)}" but the weights were written by "${saved.engine}"`)
  if (JSON.stringify(m.config) !== JSON.stringify(saved.config))
    refuse("the manifest's architecture differs from the weights' architecture")
  if (!m.window || m.window.seqLen !== saved.config.seqLen || m.window.predSize !== saved.config.predSize)
    refuse("the manifest's window (seqLen, predSize) does not match the network")
  if (!m.scaler || !Number.isFinite(m.scaler.center) || !(m.scaler.scale > 0))
    refuse('its scaling parameters are missing or invalid')
  if (!m.features || inputSizeFor(m.features) !== saved.config.inputSize)
    refuse("its input features do not match the network's input size")
  if (!(typeof m.intervalSeconds === 'number' && m.intervalSeconds > 0))
    refuse('its resolution (intervalSeconds) is missing')
  if (!['p_cons', 'p_prod', 'p_tot'].includes(m.column))
    refuse(`its target column "${String(m.column)}" is unknown`)
}

/** The same limits as a rename (never echoing the text itself: it may be a megabyte of anything). */
function checkNameAndNotes(name: string, notes: string, refuse: (why: string) => never): void {
  if (name.trim().length === 0) refuse('its name is empty')
  if (name.length > MODEL_NAME_MAX)
    refuse(`its name is ${name.length} characters long (at most ${MODEL_NAME_MAX})`)
  if (notes.length > MODEL_NOTES_MAX)
    refuse(`its notes are ${notes.length} characters long (at most ${MODEL_NOTES_MAX})`)
}

/** Every field the app reads within the lengths it would write; no overlong text anywhere. */
function checkManifestBounds(m: ModelManifest, refuse: (why: string) => never): void {
  const parsed = ImportedManifest.safeParse(m)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue.path.join('.') || '(root)'
    // our own messages read as a predicate ("is longer than…"); zod's defaults follow a colon
    refuse(
      `its manifest field ${field}${/^(is|lists|has) /.test(issue.message) ? ' ' : ': '}${issue.message}`,
    )
  }
  const long = firstLongText(m, 'manifest')
  if (long) refuse(`its ${long.path} is ${long.length} characters long (at most ${MANIFEST_TEXT_MAX})`)
}

function firstLongText(value: unknown, path: string): { path: string; length: number } | null {
  if (typeof value === 'string')
    return value.length > MANIFEST_TEXT_MAX ? { path, length: value.length } : null
  if (value === null || typeof value !== 'object') return null
  for (const [key, item] of Object.entries(value)) {
    const found = firstLongText(item, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`)
    if (found) return found
  }
  return null
}
