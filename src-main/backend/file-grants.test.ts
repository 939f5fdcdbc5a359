import { describe, expect, it } from 'vitest'
import { AppError } from '../shared/result'
import { FileGrants } from './file-grants'

describe('FileGrants', () => {
  it('hands out an opaque token and the file name, never the path', () => {
    const grants = new FileGrants()
    const grant = grants.grant('/home/ana/exports/CDB001.csv', 'read')
    expect(grant.name).toBe('CDB001.csv')
    expect(grant.token).not.toContain('/')
    expect(grant.token).not.toContain('CDB001')
    expect(grants.grant('/home/ana/exports/CDB001.csv', 'read').token).not.toBe(grant.token)
    expect(grants.takeOne(grant.token, 'read')).toBe('/home/ana/exports/CDB001.csv')
  })

  it('refuses a token it never gave, and a token already used', () => {
    const grants = new FileGrants()
    expect(() => grants.takeOne('/etc/shadow', 'read')).toThrow(/Unknown or already used file token/)
    const { token } = grants.grant('/x/a.csv', 'read')
    grants.takeOne(token, 'read')
    expect(() => grants.takeOne(token, 'read')).toThrow(AppError)
  })

  it('keeps reading and writing apart', () => {
    const grants = new FileGrants()
    const shown = grants.grant('/home/ana/.bashrc', 'read')
    expect(() => grants.takeOne(shown.token, 'write')).toThrow(/\.bashrc was chosen to be read, not written/)
    const place = grants.grant('/home/ana/model.vfmodel', 'write')
    expect(() => grants.takeOne(place.token, 'read')).toThrow(/chosen as a place to save/)
  })

  it('uses up nothing when one token of a batch is refused', () => {
    const grants = new FileGrants()
    const a = grants.grant('/x/a.csv', 'read')
    const b = grants.grant('/x/b.csv', 'read')
    expect(() => grants.take([a.token, 'forged', b.token], 'read')).toThrow(/Unknown/)
    expect(grants.take([a.token, b.token], 'read')).toEqual(['/x/a.csv', '/x/b.csv'])
  })
})
