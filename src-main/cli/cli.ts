import { dirname, resolve } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { version } from '../../package.json'
import { createBackend, type Backend } from '../backend/create-backend'
import { defaultDataDir } from '../backend/paths'
import { AppError } from '../shared/result'
import { UsageError, type CliIO, type Command, type CommandInput } from './command'
import { commands } from './commands'
import { printable, printableJson } from './printable'

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

type OptionsConfig = NonNullable<ParseArgsConfig['options']>

/**
 * `--lr -1` → `--lr=-1`: node:util parseArgs reads a value starting with a dash as an option and
 * refuses it as "ambiguous", so a negative number never reached the range check that names it.
 */
export function joinNegativeValues(argv: string[], options: OptionsConfig): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]
    const option = token.startsWith('--') && !token.includes('=') ? options[token.slice(2)] : undefined
    const next = argv[i + 1]
    if (option?.type === 'string' && next !== undefined && /^-(\d|\.\d|Infinity\b)/.test(next)) {
      out.push(`${token}=${next}`)
      i++
    } else out.push(token)
  }
  return out
}

/**
 * Exit code 2 for a wrong command line: a usage error, an option parseArgs refuses, or a value the
 * contract's schema refuses (`invalid-request`: every request field comes from the command line).
 * Everything else (a missing file, a failed job, an unknown id) is a runtime failure: 1.
 */
export function exitCodeFor(error: unknown): 1 | 2 {
  if (error instanceof UsageError) return 2
  if (error instanceof AppError && error.code === 'invalid-request') return 2
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) return 2
  return 1
}

/** Runs the CLI and returns the process exit code; every failure becomes one line on stderr. */
export async function runCli(argv: string[], io: CliIO, workerEntry: string): Promise<number> {
  let backend: Backend | undefined
  try {
    const { name, rest } = splitCommand(argv)
    const command: Command | undefined = commands.find((c) => c.name === name)
    if (name && !command) throw new UsageError(`unknown command "${name}" (see --help)`)
    const options: OptionsConfig = { ...globalOptions, ...command?.options }
    const { values, positionals } = parseArgs({
      args: joinNegativeValues(rest, options),
      options,
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
    const most = command.maxPositionals
    if (most !== undefined && positionals.length > most)
      throw new UsageError(
        `unexpected argument "${positionals[most]}": ${command.name} takes ${most === 0 ? 'none' : `at most ${most}`} (see ${command.name} --help)`,
      )
    const progress = (values.progress as string | undefined) ?? (values.json ? 'none' : 'bar')
    if (!['bar', 'json', 'none'].includes(progress))
      throw new UsageError('--progress must be bar, json or none')
    const databasePath = values.db ? resolve(values.db as string) : undefined
    const json = Boolean(values.json)
    // names, notes and paths from the library reach stdout only with their control characters escaped
    const out = (text: string) => io.out(json ? printableJson(text) : printable(text))
    await command.run({
      positionals,
      values: values as CommandInput['values'],
      json,
      progress: progress as 'bar' | 'json' | 'none',
      io: { out, err: io.err, isTTY: io.isTTY },
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
    io.err(`voisin-forecast: ${printable(message.split('\n')[0])}\n`)
    return exitCodeFor(error)
  } finally {
    await backend?.close()
  }
}
