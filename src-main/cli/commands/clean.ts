import type { CleaningRecipe } from '../../shared/contract'
import { AppError } from '../../shared/result'
import { UsageError, type Command } from '../command'
import { parseDuration } from './dataset-format'

export const cleanCommand: Command = {
  name: 'clean',
  summary: 'Choose which days of a dataset to keep (saved with it, reversible) and print kept / removed days',
  usage:
    'clean <id> [--min-completeness 0.9] [--resample 1min|15min|1h|raw] [--fill-gaps 120s] [--keep-zero-days]\n' +
    '           [--zero-rows missing|keep] [--spike-threshold W|none] [--flip-sign] [--dry-run] [--json]\n\n' +
    'Options not given keep the dataset’s saved recipe (or the defaults). --dry-run previews without saving.\n' +
    '--json prints {"datasetId","home","recipe","keptDays","removedDays","saved","series"}.',
  maxPositionals: 1,
  options: {
    'min-completeness': { type: 'string' },
    resample: { type: 'string' },
    'fill-gaps': { type: 'string' },
    'keep-zero-days': { type: 'boolean' },
    'zero-rows': { type: 'string' },
    'spike-threshold': { type: 'string' },
    'flip-sign': { type: 'boolean' },
    'dry-run': { type: 'boolean', default: false },
  },
  async run({ backend, json, io, positionals, values }) {
    const datasetId = Number(positionals[0])
    if (!Number.isInteger(datasetId) || datasetId <= 0)
      throw new UsageError('clean needs a dataset id: clean <id>')
    const recipe: Partial<CleaningRecipe> = {}
    if (values['min-completeness'] !== undefined) {
      const value = Number(values['min-completeness'])
      if (!(value >= 0 && value <= 1)) throw new UsageError('--min-completeness must be between 0 and 1')
      recipe.minCompleteness = value
    }
    if (values.resample !== undefined) {
      const seconds = parseDuration(values.resample as string)
      if (Number.isNaN(seconds))
        throw new UsageError('--resample must be 1min, 15min, 1h, a number of seconds or raw')
      recipe.resampleSeconds = seconds
    }
    if (values['fill-gaps'] !== undefined) {
      const seconds = parseDuration(values['fill-gaps'] as string)
      if (seconds === null || Number.isNaN(seconds))
        throw new UsageError('--fill-gaps must be a duration such as 120s or 15min')
      recipe.fillGapsUpToSeconds = seconds
    }
    if (values['keep-zero-days']) recipe.dropZeroDominatedDays = false
    if (values['zero-rows'] !== undefined) {
      if (!['missing', 'keep'].includes(values['zero-rows'] as string))
        throw new UsageError('--zero-rows must be missing or keep')
      recipe.treatZeroRowsAsMissing = values['zero-rows'] === 'missing'
    }
    if (values['spike-threshold'] !== undefined) {
      const text = values['spike-threshold'] as string
      const value = Number(text)
      if (text !== 'none' && !(value > 0))
        throw new UsageError('--spike-threshold must be watts (> 0) or none')
      recipe.spikeThresholdW = text === 'none' ? null : value
    }
    if (values['flip-sign']) recipe.flipSign = true
    const result = await (
      await backend()
    ).call('dataset:clean', {
      datasetId,
      recipe,
      save: !values['dry-run'],
      withSeries: true,
    })
    if (!result.ok) throw new AppError(result.error.code, result.error.message)
    const r = result.data
    if (json) {
      io.out(JSON.stringify(r) + '\n')
      return
    }
    io.out(
      [
        `dataset ${r.datasetId} ${r.home}: ${r.keptDays.length} days kept, ${r.removedDays.length} removed` +
          (r.saved ? ' (recipe saved)' : ' (preview, not saved)'),
        `  recipe: ${JSON.stringify(r.recipe)}`,
        r.series
          ? `  cleaned p_cons: ${r.series.slots} slots of ${r.series.intervalSeconds} s from ${r.series.start}, ` +
            `${r.series.missing} missing, ${r.series.filled} filled by interpolation`
          : '',
        `  removed: ${r.removedDays.join(' ') || '(none)'}`,
      ]
        .filter(Boolean)
        .join('\n') + '\n',
    )
  },
}
