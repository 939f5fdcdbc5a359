/**
 * Side-by-side comparison of saved models: what differs in their settings, and which figures
 * can be set against each other. Models of one dataset at one resolution share their test slots,
 * so their next-step predictions are overlaid on the slots all of them were scored on.
 */
import type { Queryable } from '../db/library'
import type { Comparison } from '../shared/model-schemas'
import type { ModelManifest } from './manifest'
import { getModelRow, parseManifest, toModelSummary } from './model-store'
import { getBacktest, listBacktests } from '../training/backtest/backtest-store'

/** The settings shown in the config diff, with how to read each from a manifest. */
const SETTINGS: [string, (m: ModelManifest) => unknown][] = [
  ['engine', (m) => m.engineLabel ?? m.engine],
  // models from before issue 14: the scratch engine trained in float64 on one thread; TF.js is float32
  ['precision', (m) => m.precision ?? (m.engine === 'scratch' ? 'float64' : 'float32')],
  ['threads', (m) => m.threads ?? 1],
  ['household', (m) => m.dataset.home],
  ['dataset', (m) => m.dataset.id],
  ['column', (m) => m.column],
  ['resolution', (m) => `${m.resolution} (${m.intervalSeconds} s)`],
  ['seqLen', (m) => m.window.seqLen],
  ['predSize', (m) => m.window.predSize],
  ['stride', (m) => m.window.stride],
  ['hidden sizes', (m) => m.config.hiddenSizes.join('×')],
  ['head', (m) => m.config.head],
  ['dropout', (m) => m.config.dropout],
  ['epochs run', (m) => m.history.length],
  ['max epochs', (m) => m.params.epochs],
  ['batch size', (m) => m.params.batchSize],
  ['optimizer', (m) => m.params.optimizer],
  ['learning rate', (m) => m.params.learningRate],
  ['loss', (m) => m.params.loss],
  ['scaling', (m) => m.params.scaling],
  ['level normalisation', (m) => m.params.level],
  ['calendar features', (m) => m.params.calendar],
  ['online', (m) => m.params.online],
  ['early stopping', (m) => (m.params.earlyStopping ? `patience ${m.params.patience}` : 'off')],
  ['min. completeness', (m) => m.params.minCompleteness],
  ['split', (m) => `${m.params.split.train}/${m.params.split.validation}/${m.params.split.test}`],
  ['seed', (m) => m.seed],
  ['test days', (m) => `${m.split.test[0] ?? '–'} … ${m.split.test.at(-1) ?? '–'} (${m.split.test.length})`],
]

export async function compareModels(q: Queryable, modelIds: number[]): Promise<Comparison> {
  const rows = []
  for (const id of modelIds) rows.push(await getModelRow(q, id))
  const manifests = rows.map(parseManifest)
  const comparison = compareManifests(
    rows.map((row, k) => ({ summary: toModelSummary(row), manifest: manifests[k] })),
  )
  for (const [k, id] of modelIds.entries()) comparison.models[k].backtest = await latestBacktest(q, id)
  return comparison
}

/** The model's latest backtest that scored at least one fold (done, or cancelled with folds kept). */
async function latestBacktest(
  q: Queryable,
  modelId: number,
): Promise<Comparison['models'][number]['backtest']> {
  const latest = (await listBacktests(q, { modelId })).find((b) => b.foldsDone > 0 && b.status !== 'running')
  const detail = latest ? await getBacktest(q, latest.backtestId) : null
  return detail?.summary
    ? { backtestId: detail.backtestId, name: detail.name, status: detail.status, summary: detail.summary }
    : null
}

/** The comparison of already-loaded models (pure: tested without a library). */
export function compareManifests(
  models: { summary: ReturnType<typeof toModelSummary>; manifest: ModelManifest }[],
): Comparison {
  const manifests = models.map((m) => m.manifest)
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v))
  const configDiff = SETTINGS.map(([setting, read]) => ({
    setting,
    values: manifests.map((m) => text(read(m))),
  })).filter((row) => new Set(row.values).size > 1)

  const homes = new Set(manifests.map((m) => m.dataset.home))
  const fingerprints = new Set(manifests.map(datasetFingerprint))
  const sameDataset = fingerprints.size === 1
  const sameResolution = new Set(manifests.map((m) => m.intervalSeconds)).size === 1
  const sameHorizon = new Set(manifests.map((m) => m.window.predSize)).size === 1
  const notComparable: string[] = []
  if (homes.size > 1) {
    notComparable.push(
      `The models were trained on different households (${[...homes].join(', ')}): their errors are measured on ` +
        "different consumption, so compare each one's skill against its own baselines rather than the watts.",
    )
  } else if (!sameDataset) {
    notComparable.push(
      'The models come from different imports or cleanings of the same household, so their test days differ: ' +
        "the watts are only roughly comparable; the skill against each one's own baselines is.",
    )
  }
  if (!sameResolution) {
    notComparable.push(
      `The resolutions differ (${[...new Set(manifests.map((m) => `${m.intervalSeconds} s`))].join(', ')}): ` +
        'one step is not the same span of time, so the per-step errors and the prediction curves are not overlaid.',
    )
  }
  if (!sameHorizon) {
    notComparable.push(
      `The models predict different numbers of steps (${[...new Set(manifests.map((m) => m.window.predSize))].join(', ')}): ` +
        'their test figures average over different horizons; compare the step-1 errors.',
    )
  }
  const common = sameDataset && sameResolution ? commonTestSeries(manifests) : null
  if (sameDataset && sameResolution && !common)
    notComparable.push(
      'The models have no scored test slot in common, so their predictions cannot be overlaid.',
    )

  return {
    models: models.map(({ summary, manifest }) => ({
      summary,
      history: manifest.history,
      test: manifest.test,
      errorByHour: manifest.errorByHour ?? [],
      sourceDatasetId: manifest.dataset.id ?? null,
      testDays: manifest.split.test,
    })),
    configDiff,
    sameDataset,
    sameResolution,
    sameHorizon,
    notComparable,
    common,
  }
}

/** Same source (file hashes when known, else the recorded dataset id) and the same kept days. */
function datasetFingerprint(m: ModelManifest): string {
  const files = m.dataset.files
    ?.map((f) => f.sha256)
    .sort()
    .join(',')
  return `${m.dataset.home}|${files ?? `id:${m.dataset.id}`}|${m.column}`
}

/** The test slots present in every model's next-step series, with each model's prediction there. */
function commonTestSeries(manifests: ModelManifest[]): Comparison['common'] {
  const series = manifests.map((m) => m.testSeries)
  if (series.some((s) => !s || s.t.length === 0)) return null
  const maps = series.map((s) => new Map(s!.t.map((t, k) => [t, k])))
  const t: number[] = []
  for (const instant of series[0]!.t) if (maps.every((map) => map.has(instant))) t.push(instant)
  if (t.length === 0) return null
  const first = series[0]!
  return {
    t,
    actual: t.map((instant) => first.actual[maps[0].get(instant)!]),
    predicted: series.map((s, k) => t.map((instant) => s!.predicted[maps[k].get(instant)!])),
  }
}
