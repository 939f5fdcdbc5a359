import type { ParseArgsConfig } from 'node:util'
import type { Backend } from '../backend/create-backend'

export interface CliIO {
  /** machine-readable or human output (stdout) */
  out(text: string): void
  /** progress and diagnostics (stderr) */
  err(text: string): void
  readonly isTTY: boolean
}

export interface CommandInput {
  positionals: string[]
  values: Record<string, string | boolean | string[] | boolean[] | undefined>
  json: boolean
  progress: 'bar' | 'json' | 'none'
  io: CliIO
  /** opens the backend on the chosen library (lazily, so `--help` needs no database) */
  backend(): Promise<Backend>
  /** the worker entry, for commands that open a backend of their own (demo) */
  workerEntry: string
}

export interface Command {
  name: string
  summary: string
  usage: string
  options: NonNullable<ParseArgsConfig['options']>
  /** how many plain arguments it takes (more is a usage error); absent = any number */
  maxPositionals?: number
  run(input: CommandInput): Promise<void>
}

/** Thrown for a wrong command line: printed as one line with exit code 2. */
export class UsageError extends Error {}
