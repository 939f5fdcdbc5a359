import type { ModelEvaluation } from '../../shared/model-schemas'
import { UsageError, type Command } from '../command'
import { scoredWindowsWords } from '../../shared/baseline-names'
import { forecastTable, scoredJson } from '../verdict'
import { callOrThrow, idArgument } from './model-call'

/** The `evaluate --json` shape (keep these names: acceptance checks read them). */
function evaluationJson(e: ModelEvaluation) {
  return {
    modelId: e.modelId,
    datasetId: e.datasetId,
    home: e.home,
    mode: e.mode,
    test: scoredJson(e.test),
    windows: e.windows,
    days: e.days,
    scaler: e.scaler,
  }
}

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary:
    'Score a saved model on any dataset against its baselines, nothing trained (zero-shot on a new home)',
  usage:
    'evaluate <modelId> --dataset <id> [--min-completeness 0.9] [--json]\n\n' +
    "The dataset's kept days are split as for a home model (70/15/15 by default), the scaling is fitted on\n" +
    'its own training days, and the model is judged on its test days against the three baselines. On data\n' +
    'the model trained on, its own split and scaling are used instead (so no test day was trained on).\n' +
    '--json prints {"modelId","datasetId","home","mode","test":{"model","persistence","sameTimeYesterday",\n' +
    '  "sameTimeLastWeek","skill",…},"windows",…}',
  options: { dataset: { type: 'string' }, 'min-completeness': { type: 'string' } },
  maxPositionals: 1,
  async run({ backend, json, io, positionals, values }) {
    const modelId = idArgument(positionals[0], 'evaluate <modelId> --dataset <id>')
    if (values.dataset === undefined) throw new UsageError('evaluate needs --dataset <id> (see `datasets`)')
    const datasetId = idArgument(String(values.dataset), 'evaluate <modelId> --dataset <id>')
    const raw = values['min-completeness']
    const minCompleteness = raw === undefined ? undefined : Number(raw)
    if (minCompleteness !== undefined && !(minCompleteness >= 0 && minCompleteness <= 1))
      throw new UsageError(`--min-completeness must be between 0 and 1, got "${String(raw)}"`)
    const result = await callOrThrow(await backend(), 'model:evaluate', {
      modelId,
      datasetId,
      ...(minCompleteness !== undefined && { minCompleteness }),
    })
    if (json) {
      io.out(JSON.stringify(evaluationJson(result)) + '\n')
      return
    }
    io.out(
      `Model ${result.modelId} on dataset ${result.datasetId} (${result.home}), ${result.mode === 'zero-shot' ? 'zero-shot' : "the model's own split"}: ` +
        `${result.days.train} training / ${result.days.validation} validation / ${result.days.test} test days\n`,
    )
    io.out(
      forecastTable(
        `Test days, next ${result.test.horizon} step(s), ${scoredWindowsWords(result.test.windows)}:`,
        result.test,
      ),
    )
  },
}
