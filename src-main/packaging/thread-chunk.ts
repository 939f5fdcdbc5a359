/** The subset of rolldown's chunking context this needs: the module graph. */
interface ModuleGraph {
  getModuleInfo(id: string): { importedIds: readonly string[] } | null
}

/**
 * A rolldown `codeSplitting` group name function that puts every module `entry` statically imports
 * (directly or not) into one chunk called `chunkName`, and leaves the other modules alone. With it,
 * the files a worker thread loads are the entry plus one chunk of a known name. Several entries (threads
 * that share most of their code) share one chunk.
 */
export function threadChunkName(entry: string | string[], chunkName: string) {
  const entries = typeof entry === 'string' ? [entry] : entry
  let closure: Set<string> | null = null
  return (moduleId: string, graph: ModuleGraph): string | null => {
    closure ??= new Set(entries.flatMap((e) => [...importClosure(e, graph)]))
    return !entries.includes(moduleId) && closure.has(moduleId) ? chunkName : null
  }
}

/** `entry` and every module it reaches through static imports. */
export function importClosure(entry: string, graph: ModuleGraph): Set<string> {
  const seen = new Set<string>()
  const pending = [entry]
  while (pending.length > 0) {
    const id = pending.pop()!
    if (seen.has(id)) continue
    seen.add(id)
    pending.push(...(graph.getModuleInfo(id)?.importedIds ?? []))
  }
  return seen
}
