import { describe, expect, it } from 'vitest'
import { shortcutFor, shortcutLabel } from './shortcuts'

const press = (
  key: string,
  mods: Partial<{ ctrl: boolean; meta: boolean; shift: boolean; alt: boolean }> = {},
) => ({
  key,
  ctrlKey: Boolean(mods.ctrl),
  metaKey: Boolean(mods.meta),
  shiftKey: Boolean(mods.shift),
  altKey: Boolean(mods.alt),
})

describe('keyboard shortcuts', () => {
  it('opens files with Ctrl+O, or Cmd+O on a Mac', () => {
    expect(shortcutFor(press('o', { ctrl: true }), false)).toEqual({ kind: 'open-files' })
    expect(shortcutFor(press('o', { meta: true }), true)).toEqual({ kind: 'open-files' })
    expect(shortcutFor(press('o', { meta: true }), false)).toBeNull()
    expect(shortcutFor(press('o'), false)).toBeNull()
    expect(shortcutFor(press('O', { ctrl: true, shift: true }), false)).toBeNull()
  })

  it('switches to the nth area with Ctrl+1…9, and cancels with Esc', () => {
    expect(shortcutFor(press('1', { ctrl: true }), false)).toEqual({ kind: 'area', index: 0 })
    expect(shortcutFor(press('4', { meta: true }), true)).toEqual({ kind: 'area', index: 3 })
    expect(shortcutFor(press('0', { ctrl: true }), false)).toBeNull()
    expect(shortcutFor(press('Escape'), false)).toEqual({ kind: 'cancel' })
    expect(shortcutLabel('O', true)).toBe('⌘O')
    expect(shortcutLabel('O', false)).toBe('Ctrl+O')
  })
})
