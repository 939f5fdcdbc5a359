#!/usr/bin/env node
/** The `voisin-forecast` command (npm run cli -- …): the app's services on the command line. */
import { workerEntryBeside } from '../backend/paths'
import { runCli } from './cli'

const io = {
  out: (text: string) => process.stdout.write(text),
  err: (text: string) => process.stderr.write(text),
  isTTY: Boolean(process.stderr.isTTY),
}

runCli(process.argv.slice(2), io, workerEntryBeside(__filename, __dirname)).then((code) => {
  process.exitCode = code
})
