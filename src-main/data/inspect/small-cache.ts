/**
 * A few recent results kept in memory, least recently used dropped first. Keys name everything the
 * result depends on (the dataset's row signature and the recipe), so an edit makes a new key
 * instead of needing an invalidation.
 */
export class SmallCache<V> {
  private readonly entries = new Map<string, V>()

  constructor(private readonly capacity: number) {}

  async get(key: string, make: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key)
    if (hit !== undefined) {
      this.entries.delete(key)
      this.entries.set(key, hit)
      return hit
    }
    const value = await make()
    this.entries.set(key, value)
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!)
    return value
  }
}

/** What changes when a dataset's stored readings change (a re-built community total keeps its id). */
export function rowSignature(row: {
  id: number
  created_at: string
  readings: number
  start_ms: number
  end_ms: number
  stats: string
}): string {
  return [row.id, row.created_at, row.readings, row.start_ms, row.end_ms, row.stats].join('|')
}
