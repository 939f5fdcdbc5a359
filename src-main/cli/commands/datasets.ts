import type { DatasetReport } from '../../shared/contract'
import { AppError } from '../../shared/result'
import type { Command } from '../command'
import { formatInterval } from './dataset-format'

export const datasetsCommand: Command = {
  name: 'datasets',
  summary: 'List the datasets in the library',
  usage:
    'datasets [--json]\n\n--json prints an array of dataset reports (the shape of `dataset <id> --json`).',
  maxPositionals: 0,
  options: {},
  async run({ backend, json, io }) {
    const api = await backend()
    const list = await api.call('dataset:list', {})
    if (!list.ok) throw new AppError(list.error.code, list.error.message)
    if (json) {
      const reports: DatasetReport[] = []
      for (const item of list.data) {
        const detail = await api.call('dataset:get', { datasetId: item.datasetId })
        if (!detail.ok) throw new AppError(detail.error.code, detail.error.message)
        reports.push(detail.data.report)
      }
      io.out(JSON.stringify(reports) + '\n')
      return
    }
    if (list.data.length === 0) {
      io.out(
        'The library has no datasets yet: import some (voisin-forecast import <file>...), or try --sample.\n',
      )
      return
    }
    for (const d of list.data) {
      io.out(
        `${String(d.datasetId).padStart(4)}  ${d.home.padEnd(8)} ${formatInterval(d.intervalSeconds).padEnd(7)} ` +
          `${d.firstDay} → ${d.lastDay}  days kept ${d.keptDays}/${d.totalDays}` +
          `${d.cleaned ? '' : ' (default recipe)'}  ${d.warnings.length} warnings  ${d.name}\n`,
      )
    }
  },
}
