// The vitest part of `pnpm test`: two vitest runs at once, because they need different
// things.
//
// - e2e (test-apps/**/*.e2e.test.ts) builds Next.js apps, installs the packed kit, starts
//   clusters and drives Chromium, two files at a time. It is the long pole, so it starts
//   first and its output is live.
// - Every other project runs with `--no-isolate` (a worker's files share one module
//   cache): importing the same modules file after file was 250 s of CPU of the single
//   run this replaced. Its output is held and printed when e2e is done.
//
// The last lines are each run's counts, then every failure by name (a failed `beforeAll`
// names its describe block): CI keeps the tail of its log. Measured on a 2-core machine:
// see CONTRIBUTING.md ("What pnpm test runs").
//
//   node scripts/test-vitest.mjs
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runVitest, seconds } from './vitest-run.mjs'

const started = Date.now()
const held = mkdtempSync(join(tmpdir(), 'kit-test-'))
const unitLog = join(held, 'unit.log')
const timed = (promise) => promise.then((r) => ({ ...r, took: seconds(started) }))
try {
  const unit = timed(runVitest({ args: ['--project', '!e2e', '--no-isolate'], output: unitLog }))
  // Two e2e files at a time whatever the core count: each may run a `next build`, a
  // cluster of servers or Chromium.
  const e2e = await timed(runVitest({ args: ['--project', 'e2e', '--maxWorkers=2'] }))
  const rest = await unit
  process.stdout.write(`\n== every project but e2e (one module cache per worker) ==\n`)
  process.stdout.write(readFileSync(unitLog, 'utf8'))

  const runs = [
    ['vitest (all but e2e)', rest],
    ['vitest (e2e)', e2e],
  ]
  process.stdout.write('\n')
  for (const [name, r] of runs) {
    process.stdout.write(
      `${name}: ${r.files} files, ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}; ${r.took}${r.ok ? '' : '; FAILED'}\n`,
    )
  }
  for (const [name, r] of runs) {
    for (const f of r.failures) process.stdout.write(`${name} FAILED ${f}\n`)
  }
  process.exitCode = runs.every(([, r]) => r.ok) ? 0 : 1
} finally {
  rmSync(held, { recursive: true, force: true })
}
