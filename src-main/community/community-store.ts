/**
 * Communities in the library: a named group of household datasets (a household is in at most one).
 * Imports put each new household in the community of its id prefix (see grouping.ts); the user may
 * rename a community, add or remove members, or make a new one.
 */
import type { Queryable } from '../db/library'
import { AppError } from '../shared/result'
import { communityNameForHome } from './grouping'

export interface CommunityHome {
  datasetId: number
  home: string
}

export interface CommunitySummary {
  communityId: number
  name: string
  homes: CommunityHome[]
  /** ISO-8601 UTC: the first reading of any member, the last of any member (null without members) */
  start: string | null
  end: string | null
  /** the dataset holding the community's total, when it has been built */
  totalDatasetId: number | null
}

const NAME_MAX = 100

function checkName(name: string): string {
  const trimmed = name.trim()
  if (trimmed.length === 0) throw new AppError('invalid-request', 'A community needs a name.')
  if (trimmed.length > NAME_MAX)
    throw new AppError('invalid-request', `A community name has at most ${NAME_MAX} characters.`)
  return trimmed
}

interface MemberRow {
  community_id: number
  dataset_id: number
  home: string
  start_ms: number | null
  end_ms: number | null
}

/** Every community with its members (by home id), oldest first. */
export async function listCommunities(q: Queryable): Promise<CommunitySummary[]> {
  const communities = await q.all<{ id: number; name: string }>(
    'SELECT id, name FROM communities ORDER BY id',
  )
  const members = await q.all<MemberRow>(
    `SELECT m.community_id, m.dataset_id, d.home, d.start_ms, d.end_ms
     FROM community_members m JOIN datasets d ON d.id = m.dataset_id
     WHERE d.deleted_at IS NULL ORDER BY d.home, d.id`,
  )
  const totals = await q.all<{ id: number; source_community_id: number }>(
    `SELECT id, source_community_id FROM datasets WHERE kind = 'community-total' AND deleted_at IS NULL ORDER BY id`,
  )
  return communities.map((c) => {
    const own = members.filter((m) => m.community_id === c.id)
    const starts = own.map((m) => m.start_ms).filter((v): v is number => v !== null)
    const ends = own.map((m) => m.end_ms).filter((v): v is number => v !== null)
    return {
      communityId: c.id,
      name: c.name,
      homes: own.map((m) => ({ datasetId: m.dataset_id, home: m.home })),
      start: starts.length > 0 ? new Date(Math.min(...starts)).toISOString() : null,
      end: ends.length > 0 ? new Date(Math.max(...ends)).toISOString() : null,
      totalDatasetId: totals.filter((t) => t.source_community_id === c.id).at(-1)?.id ?? null,
    }
  })
}

export async function getCommunity(q: Queryable, communityId: number): Promise<CommunitySummary> {
  const found = (await listCommunities(q)).find((c) => c.communityId === communityId)
  if (!found) throw new AppError('not-found', `No community ${communityId} in the library.`)
  return found
}

/** The community of a dataset (its name), or null. */
export async function communityOfDataset(q: Queryable, datasetId: number): Promise<string | null> {
  const row = await q.get<{ name: string }>(
    `SELECT c.name FROM community_members m JOIN communities c ON c.id = m.community_id WHERE m.dataset_id = ?`,
    [datasetId],
  )
  return row?.name ?? null
}

async function communityIdByName(q: Queryable, name: string): Promise<number | null> {
  const row = await q.get<{ id: number }>('SELECT id FROM communities WHERE name = ?', [name])
  return row?.id ?? null
}

async function requireHomeDatasets(q: Queryable, datasetIds: number[]): Promise<void> {
  for (const id of datasetIds) {
    const row = await q.get<{ kind: string }>(
      'SELECT kind FROM datasets WHERE id = ? AND deleted_at IS NULL',
      [id],
    )
    if (!row) throw new AppError('not-found', `No dataset ${id} in the library.`)
    if (row.kind !== 'home')
      throw new AppError('invalid-request', `Dataset ${id} is a community total, not a household.`)
  }
}

/**
 * Puts each household dataset that is in no community yet into the community of its id prefix,
 * creating the community when needed. Run inside the import's transaction.
 */
export async function assignByPrefix(tx: Queryable, datasetIds: number[]): Promise<void> {
  for (const datasetId of datasetIds) {
    const row = await tx.get<{ home: string; kind: string; member: number | null }>(
      `SELECT d.home, d.kind, m.community_id AS member FROM datasets d
       LEFT JOIN community_members m ON m.dataset_id = d.id WHERE d.id = ?`,
      [datasetId],
    )
    if (!row || row.kind !== 'home' || row.member !== null) continue
    const name = communityNameForHome(row.home)
    if (!name) continue
    const communityId =
      (await communityIdByName(tx, name)) ??
      (await tx.run('INSERT INTO communities (name) VALUES (?)', [name])).lastID
    await tx.run('INSERT INTO community_members (dataset_id, community_id) VALUES (?, ?)', [
      datasetId,
      communityId,
    ])
  }
}

/** A new community of these households (moved out of any community they were in). */
export async function createCommunity(tx: Queryable, name: string, datasetIds: number[]): Promise<number> {
  const clean = checkName(name)
  if ((await communityIdByName(tx, clean)) !== null)
    throw new AppError('invalid-request', `A community named "${clean}" already exists.`)
  await requireHomeDatasets(tx, datasetIds)
  const id = (await tx.run('INSERT INTO communities (name) VALUES (?)', [clean])).lastID
  await setMembership(tx, id, datasetIds)
  return id
}

async function setMembership(tx: Queryable, communityId: number, datasetIds: number[]): Promise<void> {
  for (const datasetId of datasetIds) {
    await tx.run(
      `INSERT INTO community_members (dataset_id, community_id) VALUES (?, ?)
       ON CONFLICT (dataset_id) DO UPDATE SET community_id = excluded.community_id`,
      [datasetId, communityId],
    )
  }
}

/** Renames a community and adds or removes members, in the caller's transaction. */
export async function updateCommunity(
  tx: Queryable,
  communityId: number,
  change: { name?: string; add?: number[]; remove?: number[] },
): Promise<void> {
  const exists = await tx.get('SELECT id FROM communities WHERE id = ?', [communityId])
  if (!exists) throw new AppError('not-found', `No community ${communityId} in the library.`)
  if (change.name !== undefined) {
    const clean = checkName(change.name)
    const other = await communityIdByName(tx, clean)
    if (other !== null && other !== communityId)
      throw new AppError('invalid-request', `A community named "${clean}" already exists.`)
    await tx.run('UPDATE communities SET name = ? WHERE id = ?', [clean, communityId])
  }
  if (change.add?.length) {
    await requireHomeDatasets(tx, change.add)
    await setMembership(tx, communityId, change.add)
  }
  for (const datasetId of change.remove ?? []) {
    const removed = await tx.run('DELETE FROM community_members WHERE dataset_id = ? AND community_id = ?', [
      datasetId,
      communityId,
    ])
    if (removed.changes === 0)
      throw new AppError(
        'invalid-request',
        `Dataset ${datasetId} is not a member of community ${communityId}.`,
      )
  }
}

/** Deletes a community (its households stay in the library, in no community). */
export async function deleteCommunity(tx: Queryable, communityId: number): Promise<number> {
  const result = await tx.run('DELETE FROM communities WHERE id = ?', [communityId])
  if (result.changes === 0) throw new AppError('not-found', `No community ${communityId} in the library.`)
  return result.changes
}
