import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { makeTempDir } from '../src-main/test-support/temp-dir'
import { ensureElectronBinary, findElectronBinary, runElectronInstaller } from './electron-binary'

let temp: ReturnType<typeof makeTempDir>
beforeEach(() => (temp = makeTempDir('vf-electron-')))
afterEach(() => temp.remove())

/** A node_modules/electron folder as npm leaves it, with or without the downloaded binary. */
function electronPackage(options: { pathTxt: boolean; binary: boolean }): string {
  const dir = join(temp.dir, 'electron')
  mkdirSync(join(dir, 'dist'), { recursive: true })
  if (options.pathTxt) writeFileSync(join(dir, 'path.txt'), 'electron')
  if (options.binary) downloadInto(dir)
  return dir
}

/** What Electron's installer leaves behind: the executable and path.txt naming it. */
function downloadInto(dir: string) {
  writeFileSync(join(dir, 'dist', 'electron'), '#!/bin/sh\n')
  chmodSync(join(dir, 'dist', 'electron'), 0o755)
  writeFileSync(join(dir, 'path.txt'), 'electron')
}

describe('findElectronBinary', () => {
  it('finds dist/<path.txt> when the binary was downloaded', () => {
    const dir = electronPackage({ pathTxt: true, binary: true })
    expect(findElectronBinary(dir, {})).toBe(join(dir, 'dist', 'electron'))
  })

  it('reports none when nothing was downloaded (no path.txt), or path.txt names a missing file', () => {
    expect(findElectronBinary(electronPackage({ pathTxt: false, binary: false }), {})).toBeUndefined()
    expect(findElectronBinary(electronPackage({ pathTxt: true, binary: false }), {})).toBeUndefined()
  })

  it('prefers ELECTRON_EXEC_PATH, as electron-vite does, but only if it exists', () => {
    const dir = electronPackage({ pathTxt: false, binary: false })
    const elsewhere = join(temp.dir, 'my-electron')
    writeFileSync(elsewhere, '')
    expect(findElectronBinary(dir, { ELECTRON_EXEC_PATH: elsewhere })).toBe(elsewhere)
    expect(findElectronBinary(dir, { ELECTRON_EXEC_PATH: join(temp.dir, 'gone') })).toBeUndefined()
  })
})

describe('ensureElectronBinary', () => {
  const quiet = () => {}

  it('uses an installed binary without running the installer', () => {
    const dir = electronPackage({ pathTxt: true, binary: true })
    const install = vi.fn()
    expect(ensureElectronBinary(dir, {}, install, quiet)).toEqual({ path: join(dir, 'dist', 'electron') })
    expect(install).not.toHaveBeenCalled()
  })

  it('runs the installer on first use and starts with what it downloaded', () => {
    const dir = electronPackage({ pathTxt: false, binary: false })
    const install = vi.fn((target: string) => (downloadInto(target), { ok: true }))
    expect(ensureElectronBinary(dir, {}, install, quiet)).toEqual({ path: join(dir, 'dist', 'electron') })
    expect(install).toHaveBeenCalledWith(dir)
  })

  it('a failed download gives one line with the reason, the README and the demo', () => {
    const dir = electronPackage({ pathTxt: false, binary: false })
    const result = ensureElectronBinary(
      dir,
      {},
      () => ({ ok: false, error: 'getaddrinfo ENOTFOUND github.com' }),
      quiet,
    )
    expect(result).toEqual({ missing: expect.stringContaining('getaddrinfo ENOTFOUND github.com') })
    const line = (result as { missing: string }).missing
    expect(line).not.toContain('\n')
    expect(line).toContain('README.md')
    expect(line).toContain('npm run demo')
  })

  it('ELECTRON_SKIP_BINARY_DOWNLOAD=1 skips the download and says so', () => {
    const dir = electronPackage({ pathTxt: false, binary: false })
    const install = vi.fn()
    const result = ensureElectronBinary(dir, { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, install, quiet)
    expect(result).toEqual({ missing: expect.stringContaining('ELECTRON_SKIP_BINARY_DOWNLOAD is set') })
    expect(install).not.toHaveBeenCalled()
  })
})

describe('runElectronInstaller', () => {
  it("reports the first line of a failing installer's output", () => {
    const dir = electronPackage({ pathTxt: false, binary: false })
    writeFileSync(
      join(dir, 'install.js'),
      "console.error('Error: getaddrinfo ENOTFOUND github.com\\n    at stack'); process.exit(1)",
    )
    expect(runElectronInstaller(dir)).toEqual({ ok: false, error: 'Error: getaddrinfo ENOTFOUND github.com' })
    writeFileSync(join(dir, 'install.js'), 'process.exit(0)')
    expect(runElectronInstaller(dir)).toEqual({ ok: true })
  })
})
