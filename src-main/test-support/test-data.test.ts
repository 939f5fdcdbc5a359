/** The committed test data is what its provenance says: every file listed, byte for byte, and no other. */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { voisinFixtures } from './temp-dir'

/** Every file under a folder, as forward-slash paths relative to it. */
function filesUnder(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) return filesUnder(path, root)
    return [relative(root, path).split(sep).join('/')]
  })
}

/** `sha256sum` output: `<64 hex>  <path>` per line. */
function readChecksums(path: string): Map<string, string> {
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean)
  return new Map(
    lines.map((line) => {
      const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line)
      if (!match) throw new Error(`${path}: not a sha256sum line: ${line}`)
      return [match[2], match[1]]
    }),
  )
}

describe('test-data/voisin', () => {
  const checksums = readChecksums(join(voisinFixtures, 'SHA256SUMS'))

  it('holds exactly the files SHA256SUMS lists, besides its notes', () => {
    const data = filesUnder(voisinFixtures).filter((file) => !file.endsWith('.md') && file !== 'SHA256SUMS')
    expect(data.sort()).toEqual([...checksums.keys()].sort())
    expect(data.length).toBeGreaterThan(20)
  })

  it('every file matches its sha256 (no line-ending rewrite, no edit)', () => {
    for (const [file, expected] of checksums) {
      const actual = createHash('sha256')
        .update(readFileSync(join(voisinFixtures, file)))
        .digest('hex')
      expect(actual, file).toBe(expected)
    }
  })
})
