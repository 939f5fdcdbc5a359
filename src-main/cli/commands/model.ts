import type { Command } from '../command'
import { callOrThrow, idArgument } from './model-call'

export const modelCommand: Command = {
  name: 'model',
  summary: 'Show one model: its bundle manifest (everything but the weights)',
  usage: 'model <id> [--json]',
  maxPositionals: 1,
  options: {},
  async run({ backend, json, io, positionals }) {
    const modelId = idArgument(positionals[0], 'model <id>')
    const m = await callOrThrow(await backend(), 'model:get', { modelId })
    if (json) {
      io.out(JSON.stringify(m) + '\n')
      return
    }
    const d = m as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
    const lines = [
      `Model ${d.modelId}: ${d.name}`,
      `  ${d.dataset.home} · ${d.engineLabel} · ${d.resolution} (${d.intervalSeconds} s) · window ${d.window.seqLen}→${d.window.predSize} · hidden ${d.config.hiddenSizes.join('×')}`,
      `  trained ${d.createdAt} by ${d.user ?? 'unknown'} with app ${d.appVersion}; ${d.history.length} epochs in ${Number(d.trainSeconds).toFixed(1)} s`,
      `  test: MAE ${Number(d.test.model.mae).toFixed(1)} W, RMSE ${Number(d.test.model.rmse).toFixed(1)} W, skill ${d.test.skill === null ? '–' : Number(d.test.skill).toFixed(3)}`,
      `  data: ${d.dataset.keptDays.length} kept / ${d.dataset.removedDays.length} removed days; ${(d.dataset.files ?? []).length} source file(s)`,
      `  weights: ${d.weights.bytes} bytes, sha256 ${String(d.weights.sha256).slice(0, 16)}…, optimizer state ${d.weights.optimizerState.saved ? 'saved' : 'not saved'}`,
    ]
    if (d.notes) lines.push(`  notes: ${d.notes}`)
    io.out(lines.join('\n') + '\n')
  },
}
