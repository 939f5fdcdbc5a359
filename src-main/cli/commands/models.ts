import type { ModelSummary } from '../../shared/model-schemas'
import type { Command } from '../command'
import { callOrThrow } from './model-call'

const fmt = (v: number | null, digits: number) => (v === null ? '–' : v.toFixed(digits))

function table(models: ModelSummary[]): string {
  if (models.length === 0) return 'No models yet: train one with `train --dataset <id>`.\n'
  const head = `${'id'.padStart(4)}  ${'home'.padEnd(8)} ${'engine'.padEnd(10)} ${'res.'.padEnd(6)} ${'window'.padEnd(8)} ${'skill'.padStart(7)} ${'MAE W'.padStart(8)} ${'RMSE W'.padStart(8)} ${'epochs'.padStart(6)}  name`
  const rows = models.map(
    (m) =>
      `${String(m.modelId).padStart(4)}  ${m.home.padEnd(8)} ${m.engineLabel.padEnd(10)} ${m.resolution.padEnd(6)} ` +
      `${`${m.seqLen}→${m.predSize}`.padEnd(8)} ${fmt(m.skill, 3).padStart(7)} ${fmt(m.mae, 1).padStart(8)} ` +
      `${fmt(m.rmse, 1).padStart(8)} ${String(m.epochs).padStart(6)}  ${m.name}`,
  )
  return [head, ...rows].join('\n') + '\n'
}

export const modelsCommand: Command = {
  name: 'models',
  summary: 'List the saved models with their test figures',
  usage: 'models [--json]',
  maxPositionals: 0,
  options: {},
  async run({ backend, json, io }) {
    const models = await callOrThrow(await backend(), 'model:list', {})
    io.out(json ? JSON.stringify(models) + '\n' : table(models))
  },
}
