import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

describe('src-renderer/index.html', () => {
  const html = readFileSync(resolve(__dirname, '../../src-renderer/index.html'), 'utf8')
  const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? ''

  it('declares a strict content security policy', () => {
    const directives = Object.fromEntries(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v]),
    )
    expect(directives['default-src']).toEqual(["'none'"])
    expect(directives['script-src']).toEqual(["'self'"])
    expect(directives['object-src']).toEqual(["'none'"])
    expect(directives['connect-src']).toEqual(["'self'"])
    expect(csp).not.toMatch(/unsafe-eval|https?:|\*/)
  })

  it('loads no remote content', () => {
    expect(html).not.toMatch(/(src|href)="https?:/)
  })
})
