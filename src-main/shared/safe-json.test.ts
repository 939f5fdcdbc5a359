import { describe, expect, it } from 'vitest'
import { parseJsonSafely } from './safe-json'

describe('parseJsonSafely', () => {
  it('drops "__proto__", "constructor" and "prototype" keys at any depth and reports where', () => {
    const seen: string[] = []
    const text =
      '{"a":{"__proto__":{"polluted":1},"b":[{"constructor":{"prototype":1}},2]},"\\u005f_proto__":3,"keep":"__proto__"}'
    const value = parseJsonSafely(text, (path) => seen.push(path)) as Record<string, unknown>
    expect(value).toEqual({ a: { b: [{}, 2] }, keep: '__proto__' })
    expect(seen).toEqual(['a.__proto__', 'a.b[0].constructor', '__proto__'])
    // a merge of the result cannot set a prototype
    const merged = Object.assign({}, (value as { a: object }).a)
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('parses ordinary JSON exactly as JSON.parse does, and throws on broken text', () => {
    const text = '{"x":[1,2.5,null,true],"y":{"z":"\\u00e9"}}'
    expect(parseJsonSafely(text)).toEqual(JSON.parse(text))
    expect(() => parseJsonSafely('{"x":')).toThrow(SyntaxError)
  })
})
