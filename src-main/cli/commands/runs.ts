import type { RunSummary } from '../../shared/contract'
import type { Command } from '../command'
import { callOrThrow, idArgument } from './model-call'

/** The `runs --json` shape: one object per run, oldest first. */
function runJson(run: RunSummary) {
  return {
    id: run.runId,
    datasetId: run.datasetId,
    name: run.name,
    status: run.status,
    started: run.createdAt,
    ended: run.endedAt,
    stopReason: run.stopReason,
    message: run.message,
  }
}

function table(runs: RunSummary[]): string {
  if (runs.length === 0) return 'No training runs yet: start one with `train --dataset <id>`.\n'
  const head =
    `${'id'.padStart(4)}  ${'dataset'.padStart(7)}  ${'status'.padEnd(11)} ${'stop reason'.padEnd(14)} ` +
    `${'started'.padEnd(19)}  ${'ended'.padEnd(19)}  name`
  const time = (iso: string | null) => (iso ? iso.slice(0, 19).replace('T', ' ') : '–')
  const rows = runs.map(
    (r) =>
      `${String(r.runId).padStart(4)}  ${String(r.datasetId ?? '–').padStart(7)}  ${r.status.padEnd(11)} ` +
      `${(r.stopReason ?? '–').padEnd(14)} ${time(r.createdAt).padEnd(19)}  ${time(r.endedAt).padEnd(19)}  ${r.name}`,
  )
  return [head, ...rows].join('\n') + '\n'
}

export const runsCommand: Command = {
  name: 'runs',
  summary: 'List the training runs: status, why each ended (runs a killed app or CLI left are "interrupted")',
  usage:
    'runs [--dataset <id>] [--json]\n\n' +
    'Times are UTC. --json prints an array, oldest run first:\n' +
    '  [{"id","datasetId","name","status","started","ended","stopReason","message"}]\n' +
    'status: running | done | failed | cancelled | interrupted\n' +
    'stopReason: completed | early-stopping | cancelled | diverged | failed | interrupted, null while running',
  options: { dataset: { type: 'string' } },
  async run({ backend, json, io, values }) {
    const datasetId =
      values.dataset === undefined ? undefined : idArgument(values.dataset as string, 'runs --dataset <id>')
    const runs = (await callOrThrow(await backend(), 'training:runs', datasetId ? { datasetId } : {})).sort(
      (a, b) => a.runId - b.runId,
    )
    io.out(json ? JSON.stringify(runs.map(runJson)) + '\n' : table(runs))
  },
}
