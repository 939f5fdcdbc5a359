import type { Command } from '../command'
import { analyseCommand } from './analyse'
import { infoCommand } from './info'

/** Every CLI command, in the order `--help` lists them. */
export const commands: Command[] = [infoCommand, analyseCommand]
