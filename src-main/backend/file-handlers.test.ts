import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { makeTempDir, sourceWorkerEntry, voisinFixtures } from '../test-support/temp-dir'
import type { DialogPort } from './context'
import { createBackend, type Backend } from './create-backend'

// The renderer names files only by the tokens the main side handed out (a compromised page once
// overwrote an unrelated file with `model:export` and read /etc/shadow with an import).
describe('file calls', () => {
  let temp: ReturnType<typeof makeTempDir>
  let backend: Backend
  const dialogs = {
    openFiles: vi.fn<DialogPort['openFiles']>(async () => []),
    saveFile: vi.fn<DialogPort['saveFile']>(async () => null),
  }
  beforeEach(async () => {
    temp = makeTempDir('vf-files-')
    backend = await createBackend({ dataDir: temp.dir, workerEntry: sourceWorkerEntry, dialogs })
  })
  afterEach(async () => {
    await backend.close()
    temp.remove()
  })

  it('answers the open dialog with tokens and names, not paths', async () => {
    dialogs.openFiles.mockResolvedValueOnce(['/home/ana/CDB001.csv', '/home/ana/CDB002.csv'])
    const result = await backend.call('dialog:openFiles', { multiple: true })
    if (!result.ok) throw new Error(result.error.message)
    expect(result.data.files.map((f) => f.name)).toEqual(['CDB001.csv', 'CDB002.csv'])
    expect(JSON.stringify(result.data)).not.toContain('/home/ana')
    expect(
      backend.context.files.take(
        result.data.files.map((f) => f.token),
        'read',
      ),
    ).toEqual(['/home/ana/CDB001.csv', '/home/ana/CDB002.csv'])
  })

  it('asks the dialog for folders when the page imports a folder, whose token imports every household in it', async () => {
    const folder = join(voisinFixtures, 'community')
    dialogs.openFiles.mockResolvedValueOnce([folder])
    const result = await backend.call('dialog:openFiles', { folders: true, multiple: false })
    if (!result.ok) throw new Error(result.error.message)
    expect(dialogs.openFiles).toHaveBeenLastCalledWith(expect.objectContaining({ folders: true }))
    expect(result.data.files.map((f) => f.name)).toEqual(['community'])
    const started = await backend.call('dataset:import', { files: [result.data.files[0].token] })
    if (!started.ok) throw new Error(started.error.message)
    const final = await backend.context.jobs.wait(started.data.jobId)
    expect(final.status).toBe('done')
    const imported = final.kind === 'import' ? final.result : undefined
    expect(imported?.summary).toMatchObject({
      files: 12,
      imported: 12,
      homes: 6,
      communities: ['CDB', 'ECHL'],
    })
    expect(imported?.datasets.map((d) => d.home).sort()).toEqual([
      'CDB001',
      'CDB002',
      'CDB034',
      'CDB059',
      'ECHL05',
      'ECHL06',
    ])
  })

  it('answers a cancelled save dialog with no file, and a chosen one with a token to write', async () => {
    expect(await backend.call('dialog:saveFile', {})).toEqual({ ok: true, data: { file: null } })
    dialogs.saveFile.mockResolvedValueOnce('/home/ana/model.vfmodel')
    const result = await backend.call('dialog:saveFile', { defaultName: 'model.vfmodel' })
    if (!result.ok) throw new Error(result.error.message)
    expect(result.data.file?.name).toBe('model.vfmodel')
    expect(backend.context.files.takeOne(result.data.file!.token, 'write')).toBe('/home/ana/model.vfmodel')
  })

  it('passes the save dialog a suggested name only, never a folder', async () => {
    for (const [suggested, shown] of [
      ['../../.bashrc', '.bashrc'],
      ['/home/ana/.ssh/authorized_keys', 'authorized_keys'],
      ['C:\\Users\\ana\\evil.vfmodel', 'evil.vfmodel'],
      ['..', undefined],
      ['Ours, tiny.vfmodel', 'Ours, tiny.vfmodel'],
    ] as const) {
      await backend.call('dialog:saveFile', { defaultName: suggested })
      expect(dialogs.saveFile.mock.lastCall?.[0].defaultName, suggested).toBe(shown)
    }
  })

  it('refuses paths where a token is expected', async () => {
    for (const [channel, request] of [
      ['dataset:import', { paths: ['/etc/shadow'] }],
      ['model:import', { path: '/etc/shadow' }],
      ['model:export', { modelId: 1, path: join(temp.dir, 'victim.txt') }],
    ] as const) {
      expect(await backend.call(channel, request), channel).toMatchObject({
        ok: false,
        error: { code: 'invalid-request' },
      })
    }
  })

  it('refuses a forged token with a message that says what to do', async () => {
    for (const [channel, request] of [
      ['dataset:import', { files: ['/etc/shadow'] }],
      ['model:import', { file: '/etc/shadow' }],
    ] as const) {
      expect(await backend.call(channel, request), channel).toEqual({
        ok: false,
        error: {
          code: 'invalid-request',
          message:
            'Unknown or already used file token: choose the file again (in a dialog, or by dropping it).',
        },
      })
    }
    expect(await backend.call('job:list', {})).toEqual({ ok: true, data: [] })
  })

  it('never writes a model over a file that was only chosen to be read', async () => {
    const victim = join(temp.dir, 'victim.txt')
    writeFileSync(victim, 'keep me')
    const dropped = await backend.call('file:grantDropped', { paths: [victim] })
    if (!dropped.ok) throw new Error(dropped.error.message)
    const result = await backend.call('model:export', { modelId: 1, file: dropped.data.files[0].token })
    expect(result).toMatchObject({ ok: false, error: { message: /victim\.txt was chosen to be read/ } })
    expect(readFileSync(victim, 'utf8')).toBe('keep me')
  })
})
