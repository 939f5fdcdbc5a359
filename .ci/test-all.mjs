#!/usr/bin/env node
// `npm test`: lint, both typechecks, unit tests (vitest) and end-to-end tests (Playwright),
// then one closing line with the total, `N passed, N failed`, counting unit and e2e tests together
// (a failed lint or typecheck counts as one failure, so the total can never hide it).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'

const steps = [
  { name: 'lint', command: 'npm run lint' },
  { name: 'typecheck (Node code)', command: 'npm run typecheck:node' },
  { name: 'typecheck (web code)', command: 'npm run typecheck:web' },
  {
    name: 'unit tests',
    command: 'npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/unit.json',
    report: 'test-results/unit.json',
    count: (r) => ({
      passed: r.numPassedTests,
      failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0),
    }),
  },
  {
    name: 'end-to-end tests',
    command: 'npm run test:e2e',
    report: 'test-results/e2e.json',
    count: (r) => ({ passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected }),
  },
]

mkdirSync('test-results', { recursive: true })
let passed = 0
let failed = 0
const summary = []
for (const step of steps) {
  if (step.report) rmSync(step.report, { force: true })
  console.log(`\n=== ${step.name}: ${step.command}`)
  const run = spawnSync(step.command, { stdio: 'inherit', shell: true })
  let counted = { passed: 0, failed: 0 }
  if (step.report && existsSync(step.report))
    counted = step.count(JSON.parse(readFileSync(step.report, 'utf8')))
  else if (run.status === 0) counted = step.report ? { passed: 0, failed: 1 } : { passed: 0, failed: 0 }
  // a step that exits non-zero without reporting a failed test still counts as one failure
  if (run.status !== 0 && counted.failed === 0) counted.failed = 1
  passed += counted.passed
  failed += counted.failed
  summary.push(
    `${run.status === 0 ? 'ok  ' : 'FAIL'} ${step.name}${step.report ? `: ${counted.passed} passed, ${counted.failed} failed` : ''}`,
  )
}
console.log('\n=== summary')
for (const line of summary) console.log(line)
console.log(`${passed} passed, ${failed} failed`)
process.exitCode = failed === 0 ? 0 : 1
