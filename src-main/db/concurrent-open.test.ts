import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../test-support/temp-dir'
import { Library } from './library'
import { migrations } from './migrations'

const libraryModule = resolve(__dirname, 'library.ts')

/**
 * One real process that opens the library when told to: it prints "ready" once loaded, waits for
 * a line on stdin, opens (creating and migrating) the library, and prints the schema version or
 * the error. The parent releases every process at once, so their first opens race.
 */
function opener(path: string) {
  const script =
    // the package is CommonJS, so the module's exports arrive as its default export
    `import library from ${JSON.stringify(libraryModule)}; const { Library } = library;` +
    `process.stdout.write('ready\\n');` +
    `process.stdin.once('data', async () => {` +
    `  try { const l = await Library.open(${JSON.stringify(path)}); const v = await l.schemaVersion(); await l.close();` +
    `        process.stdout.write('version ' + v + '\\n') }` +
    `  catch (e) { process.stdout.write('error ' + e.message + '\\n'); process.exitCode = 1 }` +
    `  process.stdin.destroy() })`
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  let output = ''
  const exited = new Promise<string>((done) =>
    child.on('close', () => done(output.replace('ready\n', '').trim())),
  )
  // a process that dies before it is ready settles too, and its output fails the assertion
  const ready = new Promise<void>((done) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('ready\n')) done()
    })
    void exited.then(() => done())
  })
  return { ready, go: () => child.stdin.write('go\n'), exited }
}

describe('Library.open from several processes at once', () => {
  let temp: ReturnType<typeof makeTempDir>
  beforeEach(() => (temp = makeTempDir()))
  afterEach(() => temp.remove())

  it('creates and migrates a new library once, and every process opens it', async () => {
    const latest = Math.max(...migrations.map((m) => m.version))
    for (let round = 0; round < 3; round++) {
      const path = join(temp.dir, `round-${round}`, 'library.sqlite')
      const processes = Array.from({ length: 6 }, () => opener(path))
      await Promise.all(processes.map((p) => p.ready))
      for (const p of processes) p.go()
      const outputs = await Promise.all(processes.map((p) => p.exited))
      expect(outputs).toEqual(processes.map(() => `version ${latest}`))
      const library = await Library.open(path)
      const columns = await library.all<{ name: string }>('PRAGMA table_info(datasets)')
      expect(columns.filter((c) => c.name === 'zone')).toHaveLength(1)
      await library.close()
    }
  }, 180_000)
})
