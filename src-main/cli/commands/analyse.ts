import { resolve } from 'node:path'
import type { AnalyseFileResult } from '../../shared/contract'
import { UsageError, type Command } from '../command'
import { runJobWithProgress } from '../run-job'

export const analyseCommand: Command = {
  name: 'analyse',
  summary: 'Count the lines and rows of a file in the background worker (proves the job plumbing)',
  usage: 'analyse <file> [--json] [--progress bar|json|none]',
  maxPositionals: 1,
  options: {},
  async run(input) {
    const [file] = input.positionals
    if (!file) throw new UsageError('analyse needs a file: analyse <file>')
    const final = await runJobWithProgress(
      await input.backend(),
      { kind: 'analyse-file', params: { path: resolve(file) } },
      input,
    )
    const result = final.result as AnalyseFileResult
    if (input.json) input.io.out(JSON.stringify(result) + '\n')
    else input.io.out(`${result.path}: ${result.rows} rows, ${result.lines} lines, ${result.bytes} bytes\n`)
  },
}
