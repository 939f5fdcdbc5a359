import type { Backend } from '../../backend/create-backend'
import type { CommunityDetail } from '../../shared/community-schemas'
import { UsageError, type Command } from '../command'
import { communityJson } from './communities'
import { callOrThrow, idArgument } from './model-call'

/** Dataset ids for `--add`/`--remove`/`--homes`: ids, or home ids of datasets in the library. */
export async function datasetIdsFrom(backend: Backend, raw: string, flag: string): Promise<number[]> {
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (items.length === 0) throw new UsageError(`${flag} needs dataset ids or home ids, separated by commas`)
  const datasets = await callOrThrow(backend, 'dataset:list', {})
  return items.map((item) => {
    if (/^\d+$/.test(item)) return Number(item)
    const found = datasets.filter((d) => d.home.toUpperCase() === item.toUpperCase() && d.kind === 'home')
    if (found.length === 0) throw new UsageError(`${flag}: no household "${item}" in the library`)
    if (found.length > 1)
      throw new UsageError(
        `${flag}: "${item}" is in ${found.length} datasets (${found.map((d) => d.datasetId).join(', ')}): give the dataset id`,
      )
    return found[0].datasetId
  })
}

const percent = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)} %`)
const kWh = (wh: number) => `${(wh / 1000).toLocaleString('en', { maximumFractionDigits: 0 })} kWh`

function describe(c: CommunityDetail): string {
  const lines = [
    `Community ${c.communityId}: ${c.name} · ${c.homes.length} homes · ${c.start?.slice(0, 10) ?? '–'} → ${c.end?.slice(0, 10) ?? '–'}`,
    `  over the slots where all included homes report (${percent(c.total.completeShare)} of the period): consumption ` +
      `${kWh(c.consumptionWh)}, production ${kWh(c.productionWh)}, self-sufficiency ${percent(c.selfSufficiency)}, ` +
      `self-consumption ${percent(c.selfConsumption)}`,
    '  homes:',
  ]
  for (const s of c.shares) {
    const member = c.total.members.find((m) => m.datasetId === s.datasetId)
    const flip =
      member?.signFlip === 'auto'
        ? `, sign flipped on ${member.flippedDays} day(s) recorded backwards`
        : member?.signFlip === 'recipe'
          ? ', sign flipped by its recipe'
          : ''
    lines.push(
      `    ${s.home.padEnd(8)} ${s.included ? `share ${percent(s.consumptionShare).padStart(7)}` : 'left out     '}  ` +
        `readings ${percent(s.coverage).padStart(7)}${flip}${s.reason ? `: ${s.reason}` : ''}`,
    )
  }
  return lines.join('\n') + '\n'
}

export const communityCommand: Command = {
  name: 'community',
  summary: 'Show a community (self-sufficiency per day, homes and shares) or edit it',
  usage:
    'community <id> [--rename NAME] [--add ID|HOME,…] [--remove ID|HOME,…] [--total [--homes ID|HOME,…]] [--json]\n\n' +
    '--total builds (or refreshes) the dataset holding the community total, which can be cleaned, plotted and trained on.\n' +
    '--json prints {"communityId","name","homes","start","end","days":[{"day","homesComplete","consumptionWh",\n' +
    '  "productionWh","selfSufficiency","selfConsumption",…}],"selfSufficiency","selfConsumption",\n' +
    '  "consumptionWh","productionWh","total":{"members","completeShare"},"shares","dayList","matrix"}',
  options: {
    rename: { type: 'string' },
    add: { type: 'string' },
    remove: { type: 'string' },
    total: { type: 'boolean', default: false },
    homes: { type: 'string' },
  },
  maxPositionals: 1,
  async run({ backend, json, io, positionals, values }) {
    const communityId = idArgument(positionals[0], 'community <id>')
    const api = await backend()
    if (values.rename !== undefined || values.add !== undefined || values.remove !== undefined) {
      await callOrThrow(api, 'community:update', {
        communityId,
        ...(values.rename !== undefined && { name: String(values.rename) }),
        ...(values.add !== undefined && { add: await datasetIdsFrom(api, String(values.add), '--add') }),
        ...(values.remove !== undefined && {
          remove: await datasetIdsFrom(api, String(values.remove), '--remove'),
        }),
      })
    }
    if (values.total) {
      const homes =
        values.homes === undefined ? undefined : await datasetIdsFrom(api, String(values.homes), '--homes')
      const built = await callOrThrow(api, 'community:buildTotal', { communityId, ...(homes && { homes }) })
      if (json) io.out(JSON.stringify(built) + '\n')
      else {
        const left = built.members.filter((m) => !m.included)
        io.out(
          `Community total: dataset ${built.datasetId} (${built.rebuilt ? 'built' : 'up to date'}), ` +
            `${built.members.length - left.length} homes, complete in ${percent(built.completeShare)} of the period` +
            (left.length ? `; left out: ${left.map((m) => `${m.home} (${m.reason})`).join('; ')}` : '') +
            '\n',
        )
      }
      return
    }
    const detail = await callOrThrow(api, 'community:get', { communityId })
    if (json) {
      const { totalDatasetId, ...rest } = detail
      io.out(JSON.stringify({ ...communityJson(detail), ...rest, totalDatasetId }) + '\n')
    } else io.out(describe(detail))
  },
}
