import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { eventChannels, isRendererCall, preloadCalls, rendererCalls, windowCalls } from './channels'
import { callChannels, calls, events } from './contract'

/** The renderer's own source files (tests excluded): what the app window actually runs. */
function rendererSources(dir = resolve(__dirname, '../../src-renderer/src')): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) return entry.name === 'test-support' ? '' : rendererSources(path)
      return /\.(ts|vue)$/.test(entry.name) && !entry.name.endsWith('.test.ts')
        ? readFileSync(path, 'utf8')
        : ''
    })
    .join('\n')
}

/** Every property name anywhere in a request schema. */
function propertyNames(schema: z.ZodType): string[] {
  const names: string[] = []
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk)
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'properties') names.push(...Object.keys(value as object))
        walk(value)
      }
    }
  }
  walk(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }))
  return names
}

describe('what the app window may call', () => {
  it('names only contract calls and events, each once', () => {
    for (const channel of windowCalls) expect(callChannels).toContain(channel)
    expect(new Set(windowCalls).size).toBe(windowCalls.length)
    expect([...eventChannels].sort()).toEqual(Object.keys(events).sort())
    for (const channel of preloadCalls) expect(isRendererCall(channel)).toBe(false)
  })

  it('leaves the calls that take paths, and those the renderer never makes, to the CLI', () => {
    for (const cliOnly of ['job:start', 'community:create', 'community:delete'])
      expect(isRendererCall(cliOnly)).toBe(false)
    expect(Object.keys(calls).length).toBeGreaterThan(windowCalls.length)
  })

  it('holds only calls the renderer makes (api.<domain>.<action>), so nothing unused is exposed', () => {
    const source = rendererSources()
    const unused = rendererCalls.filter((channel) => {
      const [domain, action] = channel.split(':')
      return !new RegExp(`\\.${domain}\\s*\\.${action}\\(`).test(source)
    })
    expect(unused).toEqual([])
  })

  it('never takes a file path from the renderer: files are named by tokens', () => {
    for (const channel of rendererCalls) {
      const names = propertyNames(calls[channel].request)
      expect(
        names.filter((name) => /path/i.test(name)),
        channel,
      ).toEqual([])
    }
    // the one call that carries paths is the preload's, for files the person dropped
    expect(propertyNames(calls['file:grantDropped'].request)).toEqual(['paths'])
  })
})
