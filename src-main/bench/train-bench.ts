/**
 * `npm run bench:train`: trains the "next hour from 15-min data" preset on real fixture households
 * with both engines (same windows, split, seed and scaling) and prints wall time, windows/s and the
 * test metrics side by side. `--sweep` also compares loss (MSE vs MAE), level normalisation and
 * calendar features on the from-scratch engine, to choose the presets' defaults by measurement.
 * `--speed` compares the from-scratch engine as it trained before issue 14 (float64, one thread) with the
 * current default (float32, auto threads) and the variants between, `--reps` times each, interleaved.
 * Options: --homes CDB001,CDB008  --epochs N  --scratch-only  --speed  --reps N  --json
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createBackend, type Backend } from '../backend/create-backend'
import type { ImportResult, JobInfo } from '../shared/contract'
import type { TrainingRequest } from '../shared/training-params'
import type { TrainingOutcome } from '../shared/training-outcome'
import { presetById } from '../shared/training-presets'

// the monthly households committed with the repository (test-data/voisin/README.md)
const fixtures = resolve(__dirname, '../../test-data/voisin/months')
const { values } = parseArgs({
  options: {
    homes: { type: 'string', default: 'CDB001,CDB008' },
    epochs: { type: 'string' },
    sweep: { type: 'boolean', default: false },
    speed: { type: 'boolean', default: false },
    reps: { type: 'string', default: '1' },
    /** run only the from-scratch engine (the sweep's comparisons do not need TF.js) */
    'scratch-only': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
})

async function waitJob(backend: Backend, job: JobInfo): Promise<JobInfo> {
  const final = await backend.context.jobs.wait(job.jobId)
  if (final.status !== 'done') throw new Error(`${job.label}: ${final.message}`)
  return final
}

async function importHome(backend: Backend, home: string): Promise<number> {
  const dir = join(fixtures, home)
  if (!existsSync(dir)) {
    const homes = readdirSync(fixtures, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'expected')
      .map((entry) => entry.name)
    throw new Error(`No monthly files for ${home} in ${fixtures} (there are: ${homes.join(', ')}).`)
  }
  const paths = readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .map((f) => join(dir, f))
  // the backend's own import job with paths, as the CLI starts it (the app names files by token)
  const started = await backend.call('job:start', { kind: 'import', params: { paths } })
  if (!started.ok) throw new Error(started.error.message)
  const final = await waitJob(backend, started.data)
  return (final.result as ImportResult).datasets[0].datasetId
}

async function train(backend: Backend, request: TrainingRequest): Promise<TrainingOutcome> {
  const started = await backend.call('training:start', request)
  if (!started.ok) throw new Error(started.error.message)
  return (await waitJob(backend, started.data.job)).result as TrainingOutcome
}

interface Variant {
  label: string
  patch: Partial<TrainingRequest>
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'vf-bench-train-'))
  const backend = await createBackend({
    dataDir: dir,
    workerEntry: resolve(__dirname, '../jobs/worker-entry.ts'),
  })
  const preset = presetById('next-hour')!
  const epochs = values.epochs ? Number(values.epochs) : undefined
  const variants: Variant[] = values.speed
    ? [
        { label: 'before: f64, 1 thread', patch: { engine: 'scratch', precision: 'float64', threads: 1 } },
        { label: 'f64, 2 threads', patch: { engine: 'scratch', precision: 'float64', threads: 2 } },
        { label: 'f32, 1 thread', patch: { engine: 'scratch', precision: 'float32', threads: 1 } },
        { label: 'f32, 2 threads', patch: { engine: 'scratch', precision: 'float32', threads: 2 } },
        { label: 'default: f32, auto', patch: { engine: 'scratch', precision: 'float32', threads: 'auto' } },
      ]
    : [{ label: 'scratch', patch: { engine: 'scratch' } }]
  if (!values['scratch-only'] && !values.speed) variants.push({ label: 'tfjs', patch: { engine: 'tfjs' } })
  if (values.sweep) {
    variants.push(
      { label: 'scratch, MSE loss', patch: { engine: 'scratch', loss: 'mse' } },
      { label: 'scratch, level last', patch: { engine: 'scratch', level: 'last' } },
      { label: 'scratch, level mean', patch: { engine: 'scratch', level: 'mean' } },
      { label: 'scratch, no calendar', patch: { engine: 'scratch', calendar: false } },
    )
  }
  const rows: Record<string, unknown>[] = []
  try {
    for (const home of String(values.homes).split(',')) {
      const datasetId = await importHome(backend, home)
      // repetitions interleaved: load from elsewhere hits every variant alike
      const rounds = Array.from({ length: Math.max(1, Number(values.reps)) }, () => variants).flat()
      for (const variant of rounds) {
        const started = performance.now()
        const outcome = await train(backend, {
          ...preset.params,
          datasetId,
          ...(epochs ? { epochs } : {}),
          ...variant.patch,
        })
        const wall = (performance.now() - started) / 1000
        const windowsPerSecond = (outcome.trainWindows * outcome.epochsRun) / outcome.trainSeconds
        const row = {
          home,
          variant: variant.label,
          engine: outcome.engine,
          precision: outcome.precision ?? null,
          threads: outcome.threads ?? null,
          epochs: outcome.epochsRun,
          bestEpoch: outcome.bestEpoch,
          wallSeconds: +wall.toFixed(1),
          trainSeconds: +outcome.trainSeconds.toFixed(1),
          windowsPerSecond: Math.round(windowsPerSecond),
          maeW: +outcome.test.model.mae.toFixed(1),
          bestBaseline: outcome.test.bestBaseline,
          baselineMaeW: +(outcome.test[outcome.test.bestBaseline as 'persistence']?.mae ?? NaN).toFixed(1),
          skill: outcome.test.skill === null ? null : +outcome.test.skill.toFixed(3),
          longHorizonSkill:
            outcome.longHorizon?.skill === null || !outcome.longHorizon
              ? null
              : +outcome.longHorizon.skill.toFixed(3),
        }
        rows.push(row)
        if (values.json) console.log(JSON.stringify(row))
        else console.error(`done: ${home} ${variant.label} in ${row.wallSeconds} s`)
      }
    }
  } finally {
    await backend.close()
    rmSync(dir, { recursive: true, force: true })
  }
  if (!values.json) console.table(rows)
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
