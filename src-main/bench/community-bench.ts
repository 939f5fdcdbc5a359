/**
 * `npm run bench:community`: the community figures of docs/communities.md, on the two real communities of
 * `../shared/fixtures/voisin/community` (too large for the repository; the bench says so when they are absent).
 * Through the backend's own calls, as the app and the CLI run them:
 *  1. import each community folder (time);
 *  2. a global "next hour" model on its homes but the held-out ones (time, windows/s, peak RSS of the worker,
 *     per-home skills, wins, the total as the sum of the per-home forecasts with its bias);
 *  3. a "next hour" model of the community total (skill, bias);
 *  4. on each held-out home: its own model, the global model zero-shot, and the global model fine-tuned;
 *  5. with --own, each member's own model too (does the global model beat each home's own model?).
 *  The total model is also trained on exactly the homes the summed forecasts covered, when the app's own
 *  choice of members differs, so the two ways of forecasting the total are compared on the same homes.
 * Options: --communities CDB,ECHL --holdout CDB008,CDB030,ECHL05,ECHL10 --epochs N --own --total-only --json --db FILE
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createBackend, type Backend } from '../backend/create-backend'
import type { CallChannel, CallResponse, ImportResult, JobInfo } from '../shared/contract'
import type { TrainingOutcome } from '../shared/training-outcome'
import { presetById } from '../shared/training-presets'

const fixtures = resolve(__dirname, '../../../shared/fixtures/voisin/community')
const { values } = parseArgs({
  options: {
    communities: { type: 'string', default: 'CDB,ECHL' },
    holdout: { type: 'string', default: 'CDB008,CDB030,ECHL05,ECHL10' },
    epochs: { type: 'string' },
    own: { type: 'boolean', default: false },
    'total-only': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    db: { type: 'string' },
  },
})

async function call<C extends CallChannel>(
  backend: Backend,
  channel: C,
  request: unknown,
): Promise<CallResponse<C>> {
  const result = await backend.call(channel, request)
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
  return result.data
}

/** The peak resident memory of the worker processes while `job` runs (VmHWM, polled). */
function watchWorkerMemory(): { stop(): number } {
  let peak = 0
  const timer = setInterval(() => {
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8')
        if (!/PPid:\s+(\d+)/.exec(status) || Number(/PPid:\s+(\d+)/.exec(status)![1]) !== process.pid)
          continue
        const hwm = /VmHWM:\s+(\d+) kB/.exec(status)
        if (hwm) peak = Math.max(peak, Number(hwm[1]) * 1024)
      } catch {
        // the process ended between the listing and the read
      }
    }
  }, 250)
  return {
    stop() {
      clearInterval(timer)
      return peak
    },
  }
}

async function waitJob(backend: Backend, job: JobInfo): Promise<JobInfo> {
  const final = await backend.context.jobs.wait(job.jobId)
  if (final.status !== 'done') throw new Error(`${job.label}: ${final.message}`)
  return final
}

async function train(backend: Backend, channel: 'training:start' | 'training:startGlobal', request: unknown) {
  const memory = watchWorkerMemory()
  const started = performance.now()
  try {
    const { job } = await call(backend, channel, request)
    const outcome = (await waitJob(backend, job)).result as TrainingOutcome
    return { outcome, wallSeconds: (performance.now() - started) / 1000, peakRssBytes: memory.stop() }
  } finally {
    memory.stop()
  }
}

/** A global model of this community already in the library (--db), with its verdict. */
async function savedGlobal(backend: Backend, community: string) {
  for (const model of await call(backend, 'model:list', {})) {
    const described = await call(backend, 'model:get', { modelId: model.modelId })
    if (described.kind !== 'global' || described.global?.community?.name !== community || !model.runId)
      continue
    const run = await call(backend, 'training:run', { runId: model.runId })
    if (run.outcome) return { outcome: run.outcome, wallSeconds: NaN, peakRssBytes: NaN }
  }
  return null
}

const round = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined || !Number.isFinite(v) ? null : +v.toFixed(digits)

function sameSet(a: Set<number>, b: number[]): boolean {
  return a.size === b.length && b.every((id) => a.has(id))
}

async function main() {
  if (!existsSync(fixtures)) {
    console.log(
      `bench:community needs the two fixture communities in ${fixtures}; they are not here, nothing measured.`,
    )
    return
  }
  const dir = mkdtempSync(join(tmpdir(), 'vf-bench-community-'))
  const backend = await createBackend({
    dataDir: dir,
    databasePath: values.db ? resolve(values.db) : undefined,
    workerEntry: resolve(__dirname, '../jobs/worker-entry.ts'),
  })
  const preset = presetById('next-hour')!.params
  const epochs = values.epochs ? { epochs: Number(values.epochs) } : {}
  const holdout = new Set(String(values.holdout).split(',').filter(Boolean))
  const print = (row: Record<string, unknown>) =>
    console.log(
      values.json
        ? JSON.stringify(row)
        : Object.entries(row)
            .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
            .join(' '),
    )
  try {
    for (const name of String(values.communities).split(',')) {
      let started = performance.now()
      // with --db, a community already imported (and its global model) is reused
      if (!(await call(backend, 'community:list', {})).some((c) => c.name === name)) {
        const imported = await waitJob(
          backend,
          await call(backend, 'job:start', { kind: 'import', params: { paths: [join(fixtures, name)] } }),
        )
        const result = imported.result as ImportResult
        print({
          step: 'import',
          community: name,
          seconds: round((performance.now() - started) / 1000, 1),
          files: result.summary?.files,
          homes: result.summary?.homes,
          refused: result.refused?.length ?? 0,
        })
      }
      const community = (await call(backend, 'community:list', {})).find((c) => c.name === name)!
      const members = community.homes.filter((h) => !holdout.has(h.home))
      const unseen = community.homes.filter((h) => holdout.has(h.home))

      const global =
        (await savedGlobal(backend, name)) ??
        (await train(backend, 'training:startGlobal', {
          ...preset,
          ...epochs,
          datasetIds: members.map((h) => h.datasetId),
          communityId: community.communityId,
        }))
      const g = global.outcome
      print({
        step: 'global',
        community: name,
        homes: members.length,
        trainWindows: g.trainWindows,
        epochs: g.epochsRun,
        trainSeconds: round(g.trainSeconds, 1),
        windowsPerSecond: Math.round((g.trainWindows * g.epochsRun) / g.trainSeconds),
        peakWorkerRssMB: Math.round(global.peakRssBytes / 1e6),
        wins: g.wins,
        scored: g.scoredHomes,
        skillMean: round(g.skillMean),
        pooledSkill: round(g.test.skill),
        totalSkill: round(g.total?.test.skill),
        totalBiasW: round(g.total?.bias, 1),
        totalMaeW: round(g.total?.test.model.mae, 1),
        totalHomes: g.total?.homes.filter((h) => h.included).map((h) => h.home),
      })
      for (const h of g.homes ?? [])
        print({ step: 'global-home', community: name, home: h.home, skill: round(h.test.skill) })

      // the total of the same homes as the global model, the app choosing among them
      const built = await call(backend, 'community:buildTotal', {
        communityId: community.communityId,
        homes: members.map((h) => h.datasetId),
        choose: true,
      })
      const total = await train(backend, 'training:start', {
        ...preset,
        ...epochs,
        datasetId: built.datasetId,
      })
      print({
        step: 'total-model',
        community: name,
        homes: built.members.filter((m) => m.included).length,
        skill: round(total.outcome.test.skill),
        biasW: round(total.outcome.test.model.bias, 1),
        maeW: round(total.outcome.test.model.mae, 1),
        testWindows: total.outcome.test.windows.evaluated,
      })
      const summedHomes = new Set(g.total?.homes.filter((h) => h.included).map((h) => h.datasetId))
      const chosenHomes = built.members.filter((m) => m.included).map((m) => m.datasetId)
      if (summedHomes.size > 0 && !sameSet(summedHomes, chosenHomes)) {
        const same = await call(backend, 'community:buildTotal', {
          communityId: community.communityId,
          homes: [...summedHomes],
          choose: false,
        })
        const sameTotal = await train(backend, 'training:start', {
          ...preset,
          ...epochs,
          datasetId: same.datasetId,
        })
        print({
          step: 'total-model-same-homes',
          community: name,
          homes: summedHomes.size,
          skill: round(sameTotal.outcome.test.skill),
          biasW: round(sameTotal.outcome.test.model.bias, 1),
          maeW: round(sameTotal.outcome.test.model.mae, 1),
          testWindows: sameTotal.outcome.test.windows.evaluated,
        })
      }
      if (values['total-only']) continue

      const homesToCompare = [
        ...unseen.map((h) => ({ ...h, seen: false })),
        ...(values.own ? members.map((h) => ({ ...h, seen: true })) : []),
      ]
      for (const home of homesToCompare) {
        started = performance.now()
        const own = await train(backend, 'training:start', {
          ...preset,
          ...epochs,
          datasetId: home.datasetId,
        })
        const zeroShot = await call(backend, 'model:evaluate', {
          modelId: g.modelId,
          datasetId: home.datasetId,
        })
        const tuned = home.seen
          ? null
          : await train(backend, 'training:start', {
              ...preset,
              ...epochs,
              datasetId: home.datasetId,
              initFrom: g.modelId,
            })
        const memberSkill = g.homes?.find((h) => h.datasetId === home.datasetId)?.test.skill
        print({
          step: home.seen ? 'member' : 'unseen',
          community: name,
          home: home.home,
          ownSkill: round(own.outcome.test.skill),
          globalSkill: round(home.seen ? memberSkill : zeroShot.test.skill),
          zeroShotMode: zeroShot.mode,
          fineTunedSkill: round(tuned?.outcome.test.skill),
          ownEpochs: own.outcome.epochsRun,
          seconds: round((performance.now() - started) / 1000, 1),
        })
      }
    }
  } finally {
    await backend.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

void main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
