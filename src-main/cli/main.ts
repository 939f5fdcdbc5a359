#!/usr/bin/env node
/** The `voisin-forecast` command (npm run cli -- …): the app's services on the command line. */
import { workerEntryBeside } from '../backend/paths'
import { runCli } from './cli'
import { processIO } from './process-io'

runCli(process.argv.slice(2), processIO(), workerEntryBeside(__filename, __dirname)).then((code) => {
  process.exitCode = code
})
