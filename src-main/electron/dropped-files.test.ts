import { describe, expect, it, vi } from 'vitest'
import { grantDroppedFiles } from './dropped-files'

/** Stands in for webUtils.getPathForFile: a real dropped file has a path, anything else throws or has none. */
const pathOf = (file: File) => {
  if (typeof (file as { dropped?: string }).dropped !== 'string') throw new TypeError('not a File')
  return (file as unknown as { dropped: string }).dropped
}
const dropped = (path: string) => ({ dropped: path }) as unknown as File

describe('grantDroppedFiles (the preload half of drag and drop)', () => {
  it('resolves dropped files to paths and trades them for tokens over the preload-only channel', async () => {
    const invoke = vi.fn(async () => ({ ok: true, data: { files: [{ token: 't', name: 'a.csv' }] } }))
    const result = await grantDroppedFiles([dropped('/home/ana/a.csv')], pathOf, invoke)
    expect(invoke).toHaveBeenCalledWith('file:grantDropped', { paths: ['/home/ana/a.csv'] })
    expect(result).toEqual({ ok: true, data: { files: [{ token: 't', name: 'a.csv' }] } })
  })

  it('skips what the page made up (plain objects, strings, files without a path)', async () => {
    const invoke = vi.fn(async () => ({ ok: true, data: { files: [] } }))
    const madeUp = [{ path: '/etc/shadow' }, '/etc/shadow', dropped(''), dropped('/home/ana/b.csv')]
    await grantDroppedFiles(madeUp, pathOf, invoke)
    expect(invoke).toHaveBeenCalledWith('file:grantDropped', { paths: ['/home/ana/b.csv'] })
  })

  it('asks nothing of the main process when nothing dropped is a file', async () => {
    const invoke = vi.fn()
    for (const files of [[], ['/etc/shadow'], '/etc/shadow', null]) {
      expect(await grantDroppedFiles(files, pathOf, invoke)).toEqual({
        ok: false,
        error: { code: 'invalid-input', message: 'None of the dropped items is a file on this computer.' },
      })
    }
    expect(invoke).not.toHaveBeenCalled()
  })
})
