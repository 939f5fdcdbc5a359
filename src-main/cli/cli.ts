import { dirname, resolve } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { version } from '../../package.json'
import { createBackend, type Backend } from '../backend/create-backend'
import { defaultDataDir } from '../backend/paths'
import { AppError } from '../shared/result'
import { UsageError, type CliIO, type Command } from './command'
import { commands } from './commands'

const globalOptions = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  progress: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', default: false },
} satisfies NonNullable<ParseArgsConfig['options']>

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length))
  return [
    `Voisin Forecast ${version}: forecast household consumption from Voisin d'Énergie exports.`,
    '',
    'Usage: voisin-forecast <command> [options]      (npm run cli -- <command> [options])',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    "  --db FILE            use this library file instead of the app's (created if missing)",
    '  --json               print machine-readable JSON on stdout',
    '  --progress MODE      bar (default), json (JSON lines) or none; progress goes to stderr',
    '  -h, --help           help for the program or for one command',
    '',
    `Default library: ${resolve(defaultDataDir(), 'library.sqlite')}`,
  ].join('\n')
}

/** Finds the command word: the first argument that is neither an option nor an option's value. */
function splitCommand(argv: string[]): { name?: string; rest: string[] } {
  const takesValue = new Set(['--db', '--progress'])
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]
    if (takesValue.has(token)) i++
    else if (!token.startsWith('-')) return { name: token, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] }
  }
  return { rest: argv }
}

/** Runs the CLI and returns the process exit code; every failure becomes one line on stderr. */
export async function runCli(argv: string[], io: CliIO, workerEntry: string): Promise<number> {
  let backend: Backend | undefined
  try {
    const { name, rest } = splitCommand(argv)
    const command: Command | undefined = commands.find((c) => c.name === name)
    if (name && !command) throw new UsageError(`unknown command "${name}" (see --help)`)
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...globalOptions, ...command?.options },
      allowPositionals: true,
      strict: true,
    })
    if (values.version) {
      io.out(`${version}\n`)
      return 0
    }
    if (!command || values.help) {
      io.out(
        (command ? `Usage: voisin-forecast ${command.usage}\n\n${command.summary}\n` : helpText()) + '\n',
      )
      return 0
    }
    const progress = (values.progress as string | undefined) ?? (values.json ? 'none' : 'bar')
    if (!['bar', 'json', 'none'].includes(progress))
      throw new UsageError('--progress must be bar, json or none')
    const databasePath = values.db ? resolve(values.db as string) : undefined
    await command.run({
      positionals,
      values,
      json: Boolean(values.json),
      progress: progress as 'bar' | 'json' | 'none',
      io,
      workerEntry,
      backend: async () => {
        backend ??= await createBackend({
          dataDir: databasePath ? dirname(databasePath) : defaultDataDir(),
          databasePath,
          workerEntry,
        })
        return backend
      },
    })
    return 0
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    io.err(`voisin-forecast: ${message.split('\n')[0]}\n`)
    if (error instanceof UsageError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      return 2
    if (error instanceof AppError || error instanceof TypeError) return 1
    return 1
  } finally {
    await backend?.close()
  }
}
