import type { CommunitySummary } from '../../shared/community-schemas'
import type { Command } from '../command'
import { callOrThrow } from './model-call'

/** The `communities --json` shape (keep these names: acceptance checks read them). */
export function communityJson(c: CommunitySummary) {
  return { communityId: c.communityId, name: c.name, homes: c.homes, start: c.start, end: c.end }
}

export const communitiesCommand: Command = {
  name: 'communities',
  summary: 'List the energy communities: their member homes and the span of their data',
  usage:
    'communities [--json]\n\n' +
    'Imports put each household in the community of its id prefix (CDB001 → CDB); edit with `community <id>`.\n' +
    '--json prints [{"communityId","name","homes":[{"datasetId","home"}],"start","end"}] (instants UTC).',
  options: {},
  maxPositionals: 0,
  async run({ backend, json, io }) {
    const list = await callOrThrow(await backend(), 'community:list', {})
    if (json) {
      io.out(JSON.stringify(list.map(communityJson)) + '\n')
      return
    }
    if (list.length === 0) {
      io.out('No communities yet: import the homes of one (voisin-forecast import <folder>).\n')
      return
    }
    for (const c of list) {
      const span = c.start && c.end ? `${c.start.slice(0, 10)} → ${c.end.slice(0, 10)}` : 'no data'
      io.out(
        `${String(c.communityId).padStart(4)}  ${c.name.padEnd(10)} ${String(c.homes.length).padStart(3)} homes  ${span}  ` +
          `${c.homes.map((h) => h.home).join(', ')}\n`,
      )
    }
  },
}
