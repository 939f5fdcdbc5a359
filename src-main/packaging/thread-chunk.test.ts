import { describe, expect, it } from 'vitest'
import { importClosure, threadChunkName } from './thread-chunk'

// thread → a → b; worker → a, c; c → d; b ↔ a (a cycle)
const imports: Record<string, string[]> = {
  thread: ['a'],
  a: ['b'],
  b: ['a'],
  worker: ['a', 'c'],
  c: ['d'],
  d: [],
}
const graph = { getModuleInfo: (id: string) => (id in imports ? { importedIds: imports[id] } : null) }

describe('threadChunkName', () => {
  it('names every module the thread reaches, and no other, nor the entry itself', () => {
    const name = threadChunkName('thread', 'thread-shared')
    expect(Object.keys(imports).map((id) => [id, name(id, graph)])).toEqual([
      ['thread', null],
      ['a', 'thread-shared'],
      ['b', 'thread-shared'],
      ['worker', null],
      ['c', null],
      ['d', null],
    ])
  })

  it('puts what several threads reach into one chunk, their entries left out', () => {
    const name = threadChunkName(['thread', 'worker'], 'shared')
    expect(Object.keys(imports).map((id) => [id, name(id, graph)])).toEqual([
      ['thread', null],
      ['a', 'shared'],
      ['b', 'shared'],
      ['worker', null],
      ['c', 'shared'],
      ['d', 'shared'],
    ])
  })

  it('walks cycles and modules the graph does not know (externals) without looping', () => {
    expect([...importClosure('worker', graph)].sort()).toEqual(['a', 'b', 'c', 'd', 'worker'])
    expect([...importClosure('thread', { getModuleInfo: () => ({ importedIds: ['node:fs'] }) })]).toEqual([
      'thread',
      'node:fs',
    ])
  })
})
