import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { captureCliIO } from '../test-support/cli-io'
import { sourceWorkerEntry } from '../test-support/temp-dir'
import { runCli } from './cli'

describe('demo', () => {
  it('imports the bundled sample, trains "next hour", and prints the verdict (then removes its library)', async () => {
    const io = captureCliIO()
    expect(
      await runCli(['demo', '--epochs', '1', '--json', '--progress', 'none'], io, sourceWorkerEntry),
    ).toBe(0)
    const verdict = JSON.parse(io.stdout)
    expect(verdict).toMatchObject({ status: 'done', engine: 'scratch', epochsRun: 1, home: 'CDB008' })
    expect(verdict.test.model.mae).toBeGreaterThan(0)
    expect(verdict.test.persistence.n).toBe(verdict.test.model.n)
    expect(typeof verdict.test.skill).toBe('number')
    const library = /Temporary library: (.*)\n/.exec(io.stderr)?.[1]
    expect(library).toBeTruthy()
    expect(existsSync(library!)).toBe(false)
  })
})
