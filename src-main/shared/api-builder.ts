/**
 * Builds the nested `window.api` object (api.<domain>.<action>, api.on.<domain>.<event>) from
 * the contract's channel lists and a transport. It is deliberately self-contained (no imports,
 * no outer references): the Electron preload calls it directly, and the browser-mode e2e
 * harness injects its source text into the page, so both modes expose the very same object.
 */
export function buildApi(
  callChannels: readonly string[],
  eventChannels: readonly string[],
  invoke: (channel: string, request: unknown) => Promise<unknown>,
  subscribe: (channel: string, listener: (payload: unknown) => void) => () => void,
): Record<string, unknown> {
  const api: Record<string, Record<string, unknown>> = { on: {} }
  for (const channel of callChannels) {
    const [domain, action] = channel.split(':') as [string, string]
    api[domain] = api[domain] ?? {}
    api[domain][action] = (request: unknown) => invoke(channel, request ?? {})
  }
  const on = api.on as Record<string, Record<string, unknown>>
  for (const channel of eventChannels) {
    const [domain, action] = channel.split(':') as [string, string]
    on[domain] = on[domain] ?? {}
    on[domain][action] = (listener: (payload: unknown) => void) => subscribe(channel, listener)
  }
  return api
}
