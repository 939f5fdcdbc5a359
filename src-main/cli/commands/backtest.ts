/**
 * `backtest`: walk-forward evaluation of a recipe over K test blocks (issue 13). The recipe is a saved
 * model's (`--model`), or the training flags as for `train` on `--dataset` (a household or a community
 * total), or on a community's homes as one global model (`--community`).
 */
import type { BacktestDetail, BacktestRequest, FoldResult } from '../../shared/backtest-schemas'
import { AppError } from '../../shared/result'
import { UsageError, type Command, type CommandInput } from '../command'
import { printable } from '../printable'
import { followJob } from '../run-job'
import { intervalJson, scoredJson } from '../verdict'
import { datasetIdsFrom } from './community'
import { callOrThrow, idArgument } from './model-call'
import { presetParams, trainCommand, trainingRequestFromArgs } from './train'

/** A whole number of at least `min` from a flag, or undefined when absent. */
function whole(values: CommandInput['values'], name: string, min: number): number | undefined {
  const raw = values[name]
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (typeof raw !== 'string' || !Number.isInteger(value) || value < min)
    throw new UsageError(`--${name} must be a whole number of at least ${min}, got "${String(raw)}"`)
  return value
}

/** The backtest options from the flags (defaults from the contract's schema). */
export function backtestOptionsFromArgs(
  values: CommandInput['values'],
): NonNullable<BacktestRequest['options']> {
  const options: NonNullable<BacktestRequest['options']> = {}
  const set = <K extends keyof typeof options>(key: K, value: (typeof options)[K] | undefined) => {
    if (value !== undefined) options[key] = value
  }
  set('folds', whole(values, 'folds', 1))
  set('blockDays', whole(values, 'block-days', 1))
  set('gapDays', whole(values, 'gap-days', 0))
  set('trainDays', whole(values, 'train-days', 2))
  set('validationDays', whole(values, 'validation-days', 1))
  set('threads', whole(values, 'threads', 1))
  if (values.window !== undefined) {
    if (values.window !== 'expanding' && values.window !== 'fixed')
      throw new UsageError(`--window must be expanding or fixed, got "${String(values.window)}"`)
    options.window = values.window
  }
  if (values.refit !== undefined) {
    const refit = String(values.refit)
    if (refit === 'every' || refit === 'once') options.refit = refit
    else if (/^\d+$/.test(refit) && Number(refit) >= 1) options.refit = Number(refit)
    else throw new UsageError(`--refit must be every, once or a number of folds, got "${refit}"`)
  }
  if (values['warm-start']) options.warmStart = true
  if (values.levels !== undefined) {
    const levels = String(values.levels)
      .split(',')
      .map((l) => Number(l.trim()))
    // 80 means 80 %: levels may be written as percentages
    const fractions = levels.map((l) => (l > 1 && l < 100 ? l / 100 : l))
    if (fractions.some((l) => !(l > 0 && l < 1)))
      throw new UsageError(
        `--levels must be levels between 0 and 1 (or percentages), got "${String(values.levels)}"`,
      )
    options.levels = fractions
  }
  if (values['interval-method'] !== undefined) {
    const method = String(values['interval-method'])
    if (method !== 'step' && method !== 'step-hour')
      throw new UsageError(`--interval-method must be step or step-hour, got "${method}"`)
    options.intervalMethod = method
  }
  return options
}

/** The request from the command line: a saved model, a community's homes, or one dataset. */
async function requestFromArgs(input: CommandInput): Promise<BacktestRequest> {
  const { values } = input
  const options = backtestOptionsFromArgs(values)
  const name = values.name as string | undefined
  if (values.model !== undefined) {
    if (values.community !== undefined)
      throw new UsageError('backtest takes --model or --community, not both')
    const modelId = idArgument(String(values.model), 'backtest --model <modelId>')
    const datasetId =
      values.dataset === undefined ? undefined : idArgument(String(values.dataset), '--dataset <id>')
    return { modelId, ...(datasetId && { datasetId }), options, ...(name && { name }) }
  }
  if (values.community !== undefined) {
    if (values.dataset !== undefined)
      throw new UsageError('backtest takes --dataset or --community, not both')
    const communityId = idArgument(String(values.community), 'backtest --community <id>')
    const backend = await input.backend()
    const community = await callOrThrow(backend, 'community:get', { communityId })
    const homes =
      values.homes === undefined ? undefined : await datasetIdsFrom(backend, String(values.homes), '--homes')
    const {
      datasetId: _placeholder,
      name: _n,
      ...params
    } = trainingRequestFromArgs({ ...values, dataset: '1' }, presetParams(values))
    return {
      global: { ...params, datasetIds: homes ?? community.homes.map((h) => h.datasetId), communityId },
      options,
      ...(name && { name }),
    }
  }
  if (values.dataset === undefined)
    throw new UsageError(
      'backtest needs --dataset <id> (see `datasets`), --model <modelId> or --community <id>',
    )
  const { name: _n, ...training } = trainingRequestFromArgs(values)
  return { training, options, ...(name && { name }) }
}

function foldJson(f: FoldResult): Record<string, unknown> {
  return {
    fold: f.fold,
    trainStart: f.trainStart,
    trainEnd: f.trainEnd,
    validationStart: f.validationStart,
    validationEnd: f.validationEnd,
    testStart: f.testStart,
    testEnd: f.testEnd,
    trainedOn: f.trainedOn,
    epochsRun: f.epochsRun,
    bestEpoch: f.bestEpoch,
    trainSeconds: f.trainSeconds,
    ...(f.precision && { precision: f.precision, threads: f.threads }),
    test: scoredJson(f.test),
    longHorizon: f.longHorizon ? scoredJson(f.longHorizon) : null,
    ...(f.homes && {
      homes: f.homes.map((h) => ({ home: h.home, datasetId: h.datasetId, test: scoredJson(h.test) })),
    }),
    ...(f.notes.length > 0 && { notes: f.notes }),
  }
}

/** The `backtest --json` shape (keep these names: acceptance checks read them). */
export function backtestJson(b: BacktestDetail): Record<string, unknown> {
  const s = b.summary
  return {
    backtestId: b.backtestId,
    status: b.status,
    kind: b.kind,
    modelId: b.modelId,
    datasetId: b.datasetId,
    name: b.name,
    runner: b.runner,
    folds: b.folds.map(foldJson),
    skillMean: s?.skillMean ?? null,
    skillStd: s?.skillStd ?? null,
    wins: s?.wins ?? 0,
    dieboldMariano: s?.dieboldMariano ?? null,
    intervals: (s?.intervals ?? []).map(intervalJson),
    baselineIntervals: (s?.baselineIntervals ?? []).map(intervalJson),
    message: b.message,
  }
}

const fixed = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined || !Number.isFinite(v)
    ? '–'
    : `${v >= 0 && digits === 3 ? '+' : ''}${v.toFixed(digits)}`

function backtestText(b: BacktestDetail): string {
  let text = `Backtest ${b.backtestId} · ${printable(b.name)} · ${b.status} · folds on ${b.runner ?? '–'}\n`
  text += `  ${'fold'.padEnd(5)}${'trained on'.padEnd(25)}${'test block'.padEnd(25)}${'MAE W'.padStart(8)}${'best baseline'.padStart(28)}${'skill'.padStart(8)}${'80 % cover'.padStart(12)}\n`
  for (const f of b.folds) {
    const best = f.test.bestBaseline ? (f.test as Record<string, unknown>)[f.test.bestBaseline] : undefined
    const bestMae = (best as { mae?: number } | undefined)?.mae
    const cover = f.test.intervals?.find((i) => Math.abs(i.level - 0.8) < 1e-9)?.coverage
    text +=
      `  ${String(f.fold).padEnd(5)}${`${f.trainStart} → ${f.validationEnd}`.padEnd(25)}${`${f.testStart} → ${f.testEnd}`.padEnd(25)}` +
      `${fixed(f.test.model.mae, 1).padStart(8)}${`${fixed(bestMae, 1)} (${f.test.bestBaseline ?? '–'})`.padStart(28)}` +
      `${fixed(f.test.skill).padStart(8)}${(cover === undefined ? '–' : `${(100 * cover).toFixed(1)} %`).padStart(12)}\n`
  }
  const s = b.summary
  if (s) {
    text += `  skill ${fixed(s.skillMean)} ± ${s.skillStd === null ? '–' : s.skillStd.toFixed(3)} (mean ± sd over ${s.folds} folds), won ${s.wins} of ${s.folds}\n`
    const dm = s.dieboldMariano
    if (dm)
      text +=
        `  Diebold–Mariano (HLN, h = ${dm.horizon}) against ${dm.against}: DM = ${dm.statistic.toFixed(2)}, p = ${dm.pValue.toPrecision(3)} ` +
        `over ${dm.n} windows: ${dm.pValue < 0.05 ? (dm.statistic < 0 ? 'the LSTM is significantly better' : 'the baseline is significantly better') : 'no significant difference at 5 %'}\n`
    for (const band of s.intervals) {
      const baseline = s.baselineIntervals.find((i) => i.level === band.level)
      text +=
        `  ${(100 * band.level).toFixed(0)} % band: covers ${(100 * band.coverage).toFixed(1)} %, width ${band.meanWidth.toFixed(0)} W, score ${band.winkler.toFixed(0)} W` +
        (baseline
          ? ` (baseline: ${(100 * baseline.coverage).toFixed(1)} %, ${baseline.meanWidth.toFixed(0)} W, ${baseline.winkler.toFixed(0)} W)`
          : '') +
        '\n'
    }
  }
  if (b.message) text += `  ${printable(b.message)}\n`
  return text
}

export const backtestCommand: Command = {
  name: 'backtest',
  summary:
    'Walk-forward backtest: train and judge a recipe over several test blocks, with intervals and a DM test',
  usage: `backtest --dataset <id> [--model <modelId> | training flags as for train] [--folds 5] [--block-days 7]
    [--refit every|once|N] [--window expanding|fixed] [--gap-days 0] [--train-days N] [--validation-days N]
    [--warm-start] [--levels 0.5,0.8,0.95] [--interval-method step|step-hour] [--threads N] [--json]
       backtest --model <modelId>            (a saved model's recipe, on its own dataset)
       backtest --community <id> [--homes ID|HOME,…] [training flags]   (one global model per fold)
  Fold k trains on the kept days before its test block (the last days validate) and is scored on the block
  as the test period is: the model and the three baselines on the same windows, skill, intervals.
  --threads N: the cores it may use (default: all): N folds at once, each training on one thread, or, when
  the folds run one by one (--warm-start, --engine tfjs), N threads for each training.
  --json prints {"folds":[{"fold","trainStart","trainEnd","testStart","testEnd","test":{"model","persistence",
  "sameTimeYesterday","sameTimeLastWeek","skill","intervals",…}}],"skillMean","skillStd","wins",
  "dieboldMariano":{"statistic","pValue","against"},…}. Ctrl-C cancels; the folds done are kept.`,
  maxPositionals: 0,
  options: {
    ...trainCommand.options,
    model: { type: 'string' },
    folds: { type: 'string' },
    'block-days': { type: 'string' },
    'gap-days': { type: 'string' },
    window: { type: 'string' },
    'train-days': { type: 'string' },
    'validation-days': { type: 'string' },
    refit: { type: 'string' },
    'warm-start': { type: 'boolean' },
    levels: { type: 'string' },
    'interval-method': { type: 'string' },
    threads: { type: 'string' },
  },
  async run(input) {
    const request = await requestFromArgs(input)
    const backend = await input.backend()
    const final = await followJob(
      backend,
      async () => {
        const started = await backend.call('backtest:start', request)
        return started.ok ? { ok: true, data: started.data.job } : started
      },
      input,
    )
    const detail = final.result as BacktestDetail | undefined
    if (!detail) throw new AppError('cancelled', 'Cancelled before the first fold ended.')
    if (input.json) input.io.out(JSON.stringify(backtestJson(detail)) + '\n')
    else input.io.out(backtestText(detail))
  },
}
