import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../src-main/test-support/temp-dir'
import { findElectronBinary, missingElectronMessage } from './electron-binary'

describe('findElectronBinary', () => {
  let temp: ReturnType<typeof makeTempDir>
  beforeEach(() => (temp = makeTempDir('vf-electron-')))
  afterEach(() => temp.remove())

  /** A node_modules/electron folder as npm leaves it, with or without the downloaded binary. */
  function electronPackage(options: { pathTxt: boolean; binary: boolean }): string {
    const dir = join(temp.dir, 'electron')
    mkdirSync(join(dir, 'dist'), { recursive: true })
    if (options.pathTxt) writeFileSync(join(dir, 'path.txt'), 'electron')
    if (options.binary) {
      writeFileSync(join(dir, 'dist', 'electron'), '#!/bin/sh\n')
      chmodSync(join(dir, 'dist', 'electron'), 0o755)
    }
    return dir
  }

  it('finds dist/<path.txt> when the binary was downloaded', () => {
    const dir = electronPackage({ pathTxt: true, binary: true })
    expect(findElectronBinary(dir, {})).toBe(join(dir, 'dist', 'electron'))
  })

  it('reports none when the install skipped the download (no path.txt)', () => {
    expect(findElectronBinary(electronPackage({ pathTxt: false, binary: false }), {})).toBeUndefined()
  })

  it('reports none when path.txt names a binary that is not there', () => {
    expect(findElectronBinary(electronPackage({ pathTxt: true, binary: false }), {})).toBeUndefined()
  })

  it('prefers ELECTRON_EXEC_PATH, as electron-vite does, but only if it exists', () => {
    const dir = electronPackage({ pathTxt: false, binary: false })
    const elsewhere = join(temp.dir, 'my-electron')
    writeFileSync(elsewhere, '')
    expect(findElectronBinary(dir, { ELECTRON_EXEC_PATH: elsewhere })).toBe(elsewhere)
    expect(findElectronBinary(dir, { ELECTRON_EXEC_PATH: join(temp.dir, 'gone') })).toBeUndefined()
  })

  it('the message is one line that points to the README and the demo', () => {
    expect(missingElectronMessage).not.toContain('\n')
    expect(missingElectronMessage).toContain('README.md')
    expect(missingElectronMessage).toContain('npm run demo')
  })
})
