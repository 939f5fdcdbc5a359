import { describe, expect, it, vi } from 'vitest'
import type { Backend } from '../backend/create-backend'
import { windowCalls } from '../shared/channels'
import { registerIpc } from './ipc'

type Handler = (event: unknown, request: unknown) => unknown

function fakeIpcMain() {
  const handlers = new Map<string, Handler>()
  return {
    handlers,
    handle: vi.fn((channel: string, handler: Handler) => void handlers.set(channel, handler)),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  }
}

function fakeBackend() {
  let listener: (channel: string, payload: unknown) => void = () => undefined
  const backend = {
    call: vi.fn(async (channel: string, request: unknown) => ({ ok: true, data: { channel, request } })),
    onEvent: vi.fn((l: typeof listener) => {
      listener = l
      return () => (listener = () => undefined)
    }),
  }
  return {
    backend: backend as unknown as Backend,
    calls: backend.call,
    emit: (c: string, p: unknown) => listener(c, p),
  }
}

describe('registerIpc', () => {
  it('registers one handler per call the window may make, and none for the CLI-only calls', async () => {
    const ipcMain = fakeIpcMain()
    const { backend, calls } = fakeBackend()
    registerIpc(
      ipcMain as never,
      backend,
      () => true,
      () => undefined,
    )
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...windowCalls].sort())
    // the calls that take paths (or that the renderer never uses) are unreachable from the window
    for (const cliOnly of ['job:start', 'community:create']) expect(ipcMain.handlers.has(cliOnly)).toBe(false)
    expect(ipcMain.handlers.has('file:grantDropped')).toBe(true)
    await ipcMain.handlers.get('app:info')!({}, { a: 1 })
    expect(calls).toHaveBeenCalledWith('app:info', { a: 1 })
  })

  it('refuses calls from frames other than the app page', async () => {
    const ipcMain = fakeIpcMain()
    const { backend, calls } = fakeBackend()
    registerIpc(
      ipcMain as never,
      backend,
      () => false,
      () => undefined,
    )
    const result = await ipcMain.handlers.get('job:list')!({}, {})
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } })
    expect(calls).not.toHaveBeenCalled()
  })

  it('forwards backend events to the window and unregisters everything on dispose', () => {
    const ipcMain = fakeIpcMain()
    const { backend, emit } = fakeBackend()
    const send = vi.fn()
    const dispose = registerIpc(
      ipcMain as never,
      backend,
      () => true,
      () => ({ send, isDestroyed: () => false }) as never,
    )
    emit('job:updated', { jobId: 'x' })
    expect(send).toHaveBeenCalledWith('job:updated', { jobId: 'x' })
    dispose()
    expect(ipcMain.handlers.size).toBe(0)
    emit('job:updated', { jobId: 'y' })
    expect(send).toHaveBeenCalledTimes(1)
  })
})
