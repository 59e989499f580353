// The Node 22 and 24 legs of CI: runs vitest under other Nodes from the npm registry
// (scripts/node-runtime.mjs), each with a better-sqlite3 built for it
// (scripts/sqlite-binding.mjs), and prints one summary line per Node.
//
//   node scripts/test-node-matrix.mjs 22 24                  # what CI runs (CI_RUNS)
//   node scripts/test-node-matrix.mjs 24 --project core      # only the projects you name
//   node scripts/test-node-matrix.mjs 22 24 --prepare        # download and compile only
//   node scripts/test-node-matrix.mjs 22 24 --max-workers 1  # one vitest worker (CI, beside pnpm test)
//
// Node 20 (the floor every install uses) runs everything in `pnpm test`.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ensureNode } from './node-runtime.mjs'
import { ensureSqliteBinding, envForBinding } from './sqlite-binding.mjs'
import { repoRoot, runVitest, seconds } from './vitest-run.mjs'

/**
 * What CI runs on each extra Node: every file of the projects an app deploys (core, the
 * adapters, redis) and of the emulator. Left to Node 20: `next` and `e2e`, which build
 * and drive apps (Next.js builds and the browser are not what differs between Nodes).
 * In CI this runs beside `pnpm test` with one worker (see .ci/run): measured, both legs
 * finish before the Node 20 run does, so the matrix adds no wall time.
 */
export const CI_RUNS = [{ projects: ['core', 'emulator', 'express', 'fastify', 'redis'] }]

const args = process.argv.slice(2)
const VALUE_FLAGS = new Set(['--project', '--max-workers'])
const versions = args.filter((a, i) => !a.startsWith('--') && !VALUE_FLAGS.has(args[i - 1]))
// CI runs the matrix beside `pnpm test` with one worker, filling the cores the Node 20
// run leaves idle while its browser and build tests wait on servers, builds and timers.
const maxWorkers = args.flatMap((a, i) => (args[i - 1] === '--max-workers' ? [a] : []))[0]
const named = args.flatMap((a, i) => (args[i - 1] === '--project' ? [a] : []))
const runs = (named.length > 0 ? [{ projects: named }] : CI_RUNS).map((run) => ({
  ...run,
  projects: run.projects.filter(projectExists),
}))
if (versions.length === 0) {
  process.stderr.write(
    'usage: node scripts/test-node-matrix.mjs <node-version>... [--project name... | --max-workers n | --prepare]\n',
  )
  process.exit(2)
}

// Downloads and native builds first, all versions at once: the SQLite compile is one
// long single-threaded job per Node, so two of them share two cores well.
const started = Date.now()
const prepared = await Promise.all(
  versions.map(async (version) => ({
    node: await ensureNode(version),
    binding: await ensureSqliteBinding(version),
  })),
)
process.stdout.write(`node matrix: prepared Node ${versions.join(', ')} in ${seconds(started)}\n`)
if (args.includes('--prepare')) process.exit(0)

const summaries = []
for (const { node, binding } of prepared) summaries.push(await runLeg(node, binding))

process.stdout.write('\n')
for (const s of summaries) process.stdout.write(`${s.detail}\n${s.tag} ${s.counts}\n`)
const passed = summaries.reduce((n, s) => n + s.passed, 0)
const failed = summaries.reduce((n, s) => n + s.failed, 0)
// CI keeps only the tail of its log: the failures are named last, next to the counts.
for (const s of summaries) {
  for (const f of s.failures) process.stdout.write(`${s.tag} FAILED ${f}\n`)
}
process.stdout.write(`matrix: ${passed} passed, ${failed} failed\n`)
process.exit(summaries.every((s) => s.ok) ? 0 : 1)

/** All runs on one Node, summed into one line. */
async function runLeg(node, binding) {
  const { stdout } = await capture(node, ['--version'])
  const version = stdout.trim().replace(/^v/, '')
  const t0 = Date.now()
  const totals = { passed: 0, failed: 0, skipped: 0, files: 0, ok: true, failures: [] }
  for (const run of runs) {
    const what = `${run.projects.join(', ')}${run.files ? ` (${run.files.join(' ')})` : ''}`
    process.stdout.write(`\n== Node ${version}: ${what} ==\n`)
    const r = await runOne(node, binding, run)
    totals.passed += r.passed
    totals.failed += r.failed
    totals.skipped += r.skipped
    totals.files += r.files
    totals.failures.push(...r.failures)
    totals.ok &&= r.ok
  }
  const tag = `node-${version}:`
  const described = runs
    .map((r) => `${r.projects.join(' ')}${r.files ? ` [${r.files.join(' ')}]` : ''}`)
    .join(' + ')
  return {
    ...totals,
    tag,
    detail: `${tag} ${described}; ${totals.files} files; ${seconds(t0)}${totals.ok ? '' : '; FAILED'}`,
    // The counts stand alone on their line (the form CI logs are read for).
    counts: `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
  }
}

/** One vitest run of `run`'s projects under `node`, with the SQLite binding built for it. */
function runOne(node, binding, run) {
  return runVitest({
    node,
    env: envForBinding(binding),
    args: [
      ...run.projects.flatMap((p) => ['--project', p]),
      ...(run.files ?? []),
      ...(maxWorkers ? [`--maxWorkers=${maxWorkers}`] : []),
      // Test files share their worker's module cache: the legs spent 115 of their 300 s
      // importing the same modules file after file (measured on Node 24, one worker: 303 s
      // isolated, 130 s not, 1958 tests passing both ways).
      '--no-isolate',
    ],
  })
}

function projectExists(name) {
  return name !== 'redis' || existsSync(join(repoRoot, 'packages', 'redis', 'package.json'))
}

function capture(cmd, argv) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'] })
    let stdout = ''
    child.stdout.on('data', (c) => {
      stdout += c
    })
    child.on('error', reject)
    child.on('exit', (c) =>
      c === 0 ? resolve({ stdout }) : reject(new Error(`${cmd} exited ${c}`)),
    )
  })
}
