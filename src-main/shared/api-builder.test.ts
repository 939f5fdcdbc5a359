import { describe, expect, it, vi } from 'vitest'
import { buildApi } from './api-builder'
import { eventChannels } from './channels'
import { callChannels } from './contract'

describe('buildApi', () => {
  it('exposes every contract call as api.<domain>.<action> routed to its channel', async () => {
    const invoke = vi.fn(async (channel: string, request: unknown) => ({ channel, request }))
    const api = buildApi(callChannels, eventChannels, invoke, () => () => undefined) as Record<
      string,
      Record<string, (r?: unknown) => Promise<unknown>>
    >
    for (const channel of callChannels) {
      const [domain, action] = channel.split(':')
      await expect(api[domain][action]({ x: 1 })).resolves.toEqual({ channel, request: { x: 1 } })
    }
    expect(invoke).toHaveBeenCalledTimes(callChannels.length)
    // an omitted request becomes {} so schemas of empty requests accept it
    await api.app.info()
    expect(invoke).toHaveBeenLastCalledWith('app:info', {})
  })

  it('exposes every event as api.on.<domain>.<event> returning an unsubscribe function', () => {
    const unsubscribe = vi.fn()
    const subscribe = vi.fn(() => unsubscribe)
    const api = buildApi(callChannels, eventChannels, async () => undefined, subscribe) as {
      on: Record<string, Record<string, (l: (p: unknown) => void) => () => void>>
    }
    const listener = () => undefined
    const off = api.on.job.updated(listener)
    expect(subscribe).toHaveBeenCalledWith('job:updated', listener)
    off()
    expect(unsubscribe).toHaveBeenCalled()
  })

  it('is self-contained, so its source text can be injected into a page', () => {
    const rebuilt = new Function(`return (${buildApi.toString()})`)() as typeof buildApi
    const api = rebuilt(
      ['a:b'],
      [],
      async () => 'ok',
      () => () => undefined,
    ) as Record<string, Record<string, unknown>>
    expect(typeof api.a.b).toBe('function')
  })
})
