#!/usr/bin/env node
// Reads the fuse wire of a packaged Electron binary and checks the fuses electron-builder.yml
// sets (`electronFuses`): `node .ci/check-fuses.mjs <executable>`. Used by pack-check.sh.
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses'

// the wire's bytes: ASCII '1' on, '0' off (@electron/fuses' FuseState, which it does not export)
const ON = 0x31
const OFF = 0x30

const expected = {
  RunAsNode: false,
  EnableNodeCliInspectArguments: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableCookieEncryption: true,
  OnlyLoadAppFromAsar: true,
  EnableEmbeddedAsarIntegrityValidation: true,
}

const wire = await getCurrentFuseWire(process.argv[2])
const wrong = Object.entries(expected).filter(([name, on]) => wire[FuseV1Options[name]] !== (on ? ON : OFF))
if (wrong.length > 0) {
  console.error(
    `pack:check: fuses not set as configured: ${wrong.map(([name, on]) => `${name} should be ${on ? 'on' : 'off'}`).join(', ')}`,
  )
  process.exit(1)
}
console.log(
  `pack:check: fuses ${Object.entries(expected)
    .map(([name, on]) => `${name} ${on ? 'on' : 'off'}`)
    .join(', ')}`,
)
