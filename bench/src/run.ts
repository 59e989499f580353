/**
 * `pnpm bench`: every benchmark script in turn, each in its own process (so one's
 * servers and caches never slow the next), then the summary of issue 13's targets at the
 * top of docs/benchmarks.md, built from the `targets` each script wrote to its
 * bench/results/<name>.json. The scripts also run alone (`pnpm --filter @kit/bench
 * bench:<name>`); each writes its own section of docs/benchmarks.md.
 *
 * Options: --quick (about 2 minutes: every script in its short form; results go to
 * bench/results/quick/, never to the documented numbers), --only <a,b> (those scripts).
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { args, quick } from './args.js'
import { targetLines } from './report.js'
import { machine, outputPaths, type Target } from './section.js'

const onlyAt = args.indexOf('--only')
const only = onlyAt === -1 ? undefined : new Set(args[onlyAt + 1]?.split(','))

interface Script {
  /** Its results file and docs section. */
  name: string
  file: string
  /** Extra arguments of the short form. */
  quickArgs: string[]
  /** Left out of the short form (slow, and no target depends on it). */
  fullOnly?: boolean
}

/** In the order they run: the throughput scripts first, while the machine is coolest. */
const SCRIPTS: Script[] = [
  { name: 'throughput', file: 'throughput.ts', quickArgs: ['--quick'] },
  { name: 'next', file: 'next.ts', quickArgs: ['--quick'] },
  { name: 'cold-sessions', file: 'cold-sessions.ts', quickArgs: ['--quick'] },
  { name: 'tokens', file: 'tokens.ts', quickArgs: ['--quick'] },
  { name: 'memory', file: 'memory.ts', quickArgs: ['--quick'] },
  { name: 'redis-revocation', file: 'redis-revocation.ts', quickArgs: ['--quick'] },
  { name: 'login', file: 'login.ts', quickArgs: ['--logins', '20'] },
  { name: 'paginate', file: 'paginate.ts', quickArgs: ['--users', '1000', '--runs', '1'] },
  { name: 'seal', file: 'seal.ts', quickArgs: ['--quick'] },
  { name: 'hot-path', file: 'hot-path.ts', quickArgs: ['--quick'] },
  { name: 'process-cost', file: 'process-cost.ts', quickArgs: ['--quick'] },
  { name: 'edge-size', file: 'edge-size.mjs', quickArgs: [], fullOnly: true },
]

// Set on this process too: the summary below reads and writes through the same paths.
if (quick)
  process.env.BENCH_OUTPUT_DIR = fileURLToPath(new URL('../results/quick/', import.meta.url))
const env = { ...process.env }
const started = Date.now()
const failed: string[] = []
/** Seconds per script, printed at the end: the short form has a time budget. */
const timings: string[] = []
for (const script of SCRIPTS) {
  if (only && !only.has(script.name)) continue
  if (quick && script.fullOnly) continue
  const entry = fileURLToPath(new URL(`./${script.file}`, import.meta.url))
  const loader = script.file.endsWith('.mjs') ? [] : ['--conditions=@kit/source', '--import', 'tsx']
  process.stdout.write(`\n== ${script.name}\n`)
  const scriptStarted = Date.now()
  const run = spawnSync(process.execPath, [...loader, entry, ...(quick ? script.quickArgs : [])], {
    env,
    stdio: 'inherit',
  })
  if (run.status !== 0) failed.push(script.name)
  timings.push(`${script.name} ${Math.round((Date.now() - scriptStarted) / 1000)} s`)
}

const targets = SCRIPTS.flatMap((script) => readTargets(script.name))
targets.sort((a, b) => a.id - b.id)
const info = machine()
const summary = [
  '## Targets (issue 13)',
  '',
  'Every target of issue 13 as its script last measured it on this machine (2 cores shared',
  'by servers and load generators): the median over rounds, with the range in brackets.',
  'Targets 1 and 2 also name their controls (see the throughput section): when those read',
  'lower than plain bare, the bare processes of that run were slow, not the kit fast.',
  'Each script has its own section below with its method and raw figures; raw numbers are',
  'in `bench/results/*.json`. Run everything with `pnpm bench` (well over an hour: the',
  'throughput script alone takes about one) or `pnpm bench --quick` (about 2 minutes,',
  'written to `bench/results/quick/`), one script with `pnpm --filter @kit/bench',
  'bench:<name>`; `bench:throughput --kinds denied` measures some route kinds only.',
  '',
  `- summary written: ${info.date}; Node ${info.node}; ${info.cpu}`,
  '',
  ...targetLines(targets),
].join('\n')
writeSummary(summary)
process.stdout.write(
  `\n${summary}\n\n${quick ? 'quick run' : 'full run'} in ${Math.round((Date.now() - started) / 1000)} s (${timings.join(', ')})${
    failed.length ? `; FAILED: ${failed.join(', ')}` : ''
  }\n`,
)
if (failed.length) process.exitCode = 1

/** The `targets` a script wrote last (none if it has not run or has no targets). */
function readTargets(name: string): Target[] {
  try {
    const data = JSON.parse(readFileSync(new URL(`${name}.json`, outputPaths().results), 'utf8'))
    return Array.isArray(data.targets) ? data.targets : []
  } catch {
    return []
  }
}

/** Puts the summary right under the title, replacing the previous one. */
function writeSummary(body: string): void {
  const file = outputPaths().doc
  let doc = '# Benchmarks\n'
  try {
    doc = readFileSync(file, 'utf8')
  } catch {}
  const start = '<!-- summary:start -->'
  const end = '<!-- summary:end -->'
  const block = `${start}\n${body}\n${end}`
  const from = doc.indexOf(start)
  const to = doc.indexOf(end)
  if (from >= 0 && to > from) doc = `${doc.slice(0, from)}${block}${doc.slice(to + end.length)}`
  else {
    const title = doc.indexOf('\n') + 1
    doc = `${doc.slice(0, title)}\n${block}\n${doc.slice(title)}`
  }
  writeFileSync(file, doc)
}
