import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseThreadEntry } from './start-parse-thread'

describe('parseThreadEntry', () => {
  it('the .ts source next to the source (tsx, vitest)', () => {
    const dir = join('/work', 'voisin', 'src-main', 'data', 'import')
    expect(parseThreadEntry(join(dir, 'parse-parallel.ts'), dir)).toBe(join(dir, 'parse-thread.ts'))
  })

  it('the bundle next to the bundle (out/main after electron-vite build)', () => {
    const dir = join('/work', 'voisin', 'out', 'main')
    expect(parseThreadEntry(join(dir, 'worker.js'), dir)).toBe(join(dir, 'parse-thread.js'))
  })

  it('the unpacked copy in the packaged app: a worker thread cannot load from app.asar', () => {
    const resources = join('/opt', 'Voisin Forecast', 'resources')
    const dir = join(resources, 'app.asar', 'out', 'main')
    expect(parseThreadEntry(join(dir, 'worker.js'), dir)).toBe(
      join(resources, 'app.asar.unpacked', 'out', 'main', 'parse-thread.js'),
    )
  })
})
