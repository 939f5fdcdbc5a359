import { describe, expect, it } from 'vitest'
import { unpackedPath } from './unpacked-path'

describe('unpackedPath', () => {
  it('points a file inside app.asar at its unpacked copy (Linux, macOS, Windows layouts)', () => {
    expect(unpackedPath('/opt/Voisin Forecast/resources/app.asar/out/main/parse-thread.js')).toBe(
      '/opt/Voisin Forecast/resources/app.asar.unpacked/out/main/parse-thread.js',
    )
    expect(unpackedPath('/Applications/Voisin Forecast.app/Contents/Resources/app.asar/out/main')).toBe(
      '/Applications/Voisin Forecast.app/Contents/Resources/app.asar.unpacked/out/main',
    )
    expect(
      unpackedPath('C:\\Program Files\\Voisin Forecast\\resources\\app.asar\\out\\main\\parse-thread.js'),
    ).toBe('C:\\Program Files\\Voisin Forecast\\resources\\app.asar.unpacked\\out\\main\\parse-thread.js')
  })

  it('leaves paths outside an archive, and already unpacked ones, as they are', () => {
    for (const path of [
      '/work/voisin/out/main/parse-thread.js',
      '/work/voisin/src-main/data/import/parse-thread.ts',
      '/opt/Voisin Forecast/resources/app.asar.unpacked/out/main/parse-thread.js',
      '/home/me/my-app.asar-notes/out/main/x.js',
    ])
      expect(unpackedPath(path)).toBe(path)
  })
})
