/**
 * `pnpm --filter @kit/bench bench:process-cost`: what having the kit in a process costs
 * that process's other requests, split by what the kit does to a process. A diagnostic
 * under targets 1 and 2, not a target.
 *
 * bench:throughput measures the kit against bare apps in processes of their own and
 * against the same bare app served by a kit process ("bare, in a kit process"). In a
 * Node 24 run that twin (then served by the measured kit process itself) read 6-12 %
 * slower than a bare process holding a tick object, though it never runs a line of the
 * kit. This script serves the bare app's
 * public route (`/`) from processes that differ only in what they did once before
 * serving (servers/before.ts): an outgoing `fetch`, the same request through `node:http`
 * (no undici), mounting the kit without any request; and from the kit's own process,
 * whole (the kit app mounted with its check, listening, never requested) and taken
 * apart (its start-up check off, then its app not listening either: servers/env.ts
 * `kitCheck`, `kitListens`), so the difference can be pinned on one step. Every process
 * holds a tick object (`retainNextTickShape`), as a kit process does, so that is not
 * what differs.
 *
 * Method: as bench:throughput's. In each round every variant gets a fresh process
 * (started in a rotated order), pinned to CPU 0 with the load generator on the other
 * CPUs; they take turns in half-second slices (order reversed every other pass), and a
 * variant's figure is the first (plain bare) process's CPU time per request over its
 * own: the throughput ratio at equal CPU. The second bare process is the noise floor:
 * its distance from 1.000 is how far two identical processes differ.
 *
 * Options: --node <version> (the servers' Node, e.g. 24; this harness stays on its own),
 * --frameworks express,fastify, --rounds <n>, --slices <n> (per variant and round),
 * --quick (Express, 1 round, 2 slices: the code path, not the numbers), --no-write,
 * --render (no measuring: rewrites the section from the run's results file, e.g. after
 * its text changed), --feedback (no timing: what V8 learnt differently in each variant's
 * process, from its inline cache and deoptimisation logs; printed, see printFeedback).
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmulator } from '@kit/emulator'
import { args, option, quick } from './args.js'
import { measure, measureInSlices } from './load.js'
import { freePort, pinLoadGenerator, selectServerNode, startServer } from './processes.js'
import {
  machine,
  median,
  outputPaths,
  runLines,
  spread,
  writeResults,
  writeSection,
} from './section.js'
import type { BeforeStep } from './servers/before.js'
import { seedFor } from './session-cookies.js'
import { extraDeopts, type FeedbackLog, readFeedbackLog, widenedSites } from './v8-feedback.js'

type Framework = 'express' | 'fastify'

interface Variant {
  label: string
  before?: BeforeStep
  /** Served by a kit process beside its kit app (servers/env.ts `twinPort`). */
  inKitProcess?: boolean
  /** What the kit process leaves out (servers/env.ts `kitCheck`, `kitListens`). */
  kitEnv?: { BENCH_KIT_CHECK?: 'off'; BENCH_KIT_LISTEN?: 'off' }
}

/** The first is every ratio's base; the second is the same app again (the noise floor). */
const VARIANTS: readonly Variant[] = [
  { label: 'bare' },
  { label: 'bare, a second process' },
  { label: 'bare, after one fetch', before: 'fetch' },
  { label: 'bare, after one node:http request', before: 'http' },
  { label: 'bare, beside a second bare app (never listening)', before: 'app' },
  { label: 'bare, kit mounted on another app (check off: no request)', before: 'mount' },
  { label: "bare, in the kit's process (kit app listening, never requested)", inKitProcess: true },
  {
    label: "bare, in the kit's process, its start-up check off (no request)",
    inKitProcess: true,
    kitEnv: { BENCH_KIT_CHECK: 'off' },
  },
  {
    label: "bare, in the kit's process, check off, kit app not listening",
    inKitProcess: true,
    kitEnv: { BENCH_KIT_CHECK: 'off', BENCH_KIT_LISTEN: 'off' },
  },
]

/**
 * What the runs of one Node major agreed on, pooled across runs (a single run's table
 * cannot show a 2-5 % effect reliably): the section's reading, kept beside the code that
 * measures it. Per major; a major without runs behind it gets none.
 */
const FINDINGS: Record<string, readonly string[]> = {
  '24': [
    'Four Node 24 runs of 2026-12-07 (10 to 14 rounds each; not every run had every',
    'variant) agree on Express, against the second bare process: after one `fetch`',
    '0.923-0.963 (slower in 39 of 48 rounds), beside a second Express app 0.939-0.965 (18',
    'of 22), the kit mounted on another app 0.951-0.970 (30 of 34), the whole kit process',
    '0.901-0.941 (33 of 36). Weaker: the same request through `node:http` 0.967-0.988 (24',
    'of 36), the kit process with its check off (two apps, no request) 0.932-0.984 (24 of',
    '36). Fastify: no variant differs. So an Express process on Node 24 serves a few per',
    'cent more slowly once it has made a `fetch`, or while it holds a second Express app.',
    "A user's kit process makes requests (as any app that calls an API with `fetch` does)",
    "but holds one app, which is why bench:throughput's twin no longer shares the measured",
    "kit app's process.",
    '',
    'What V8 learnt differently in each process (`pnpm --filter @kit/bench',
    'bench:process-cost --feedback --node 24`: each process alone under the same load with',
    "V8's inline-cache and deoptimisation logs, compared with the two bare processes, which",
    'differ from each other in 1 or 2 property accesses). After one `fetch` or `node:http`',
    "request, 38 to 56 accesses in Node's own stream, socket and `EventEmitter` code, which",
    "the server's requests and connections run, had met another object shape (the client's",
    "socket beside the server's sockets and requests; `EventEmitter`'s constructor went",
    'megamorphic), and while serving V8 deoptimised `endReadableNT`, `destroy`,',
    '`emitCloseNT`, `onEofChunk` and the streams\' state accessors ("wrong map"), when the',
    "client socket closed. The kit's process shows the same and more (133 accesses with",
    'Express, 173 with Fastify); with its start-up check off, 7 with Express: it is the',
    'outgoing request, not the kit code loaded. A second Express app changes 6 accesses,',
    'all in start-up code (`app.set`, path-to-regexp), none a request runs: its timed cost',
    "is not type feedback (code and heap layout remain; not pursued). Fastify's variants",
    'change 28 to 173 accesses with no timed effect, so the count is no measure of cost.',
    'What it does show: what the kit does to a process is what any outgoing HTTP request',
    "does to it, and the kit cannot sign a user in without one (openid-client's discovery",
    "and token requests). A user's app that calls any API has it already; a bare process in",
    'a benchmark does not.',
  ],
  '20': [
    'Node 20, three Express runs of 2026-12-07 and 08 (10 to 14 rounds; not every run had',
    'every variant): the whole kit process 0.970-0.983 against the second bare process',
    '(slower in 28 of 38 rounds), nothing else consistent (a second app 1.038, 2 of 10;',
    'the kit mounted on another app 1.011-1.037, 7 of 24; one `fetch` 0.990-1.006, 11 of',
    '24). A fourth run (the table below) agrees: the kit process 0.981 (7 of 10), a second',
    'app 1.039 (1), the kit mounted 1.026 (2), one `fetch` 1.001 (4), `node:http` 1.060',
    '(0); the kit process with its check off 0.988 (5), with its app not listening either',
    "0.963 (7). Fastify: the third run's kit's-process variants (0.917-0.941, 7 to 9 of",
    '10) read 0.994-1.021 (2 to 6 of 10) in the fourth: not confirmed; nothing else',
    'differs.',
    '',
    'What V8 learnt differently (`pnpm --filter @kit/bench bench:process-cost --feedback`,',
    'as the Node 24 section explains): the same picture as on Node 24. Express: after one',
    '`fetch` 33 property accesses of the code requests and connections run had met another',
    "shape, after `node:http` 30, in the kit's process 81, with its start-up check off 2 to",
    '4; a second app 5, all start-up code; bare against bare 2. Fastify: 43, 34, 97 and 49',
    'to 50, a second app 34; bare against bare 5.',
  ],
}

const SLICE_SEC = 0.5
/** Seconds of load each process gets under `--feedback`, after a one-second warm-up. */
const FEEDBACK_SEC = quick ? 1 : 4
const CONNECTIONS = 50
const sessionSecret = 'bench-session-secret-of-at-least-32-chars!'
const rounds = option('rounds', 8, 1)
const slices = option('slices', 8, 2)
const frameworksAt = args.indexOf('--frameworks')
const frameworks = (
  frameworksAt === -1
    ? quick
      ? ['express']
      : ['express', 'fastify']
    : (args[frameworksAt + 1] ?? '').split(',')
) as Framework[]
for (const framework of frameworks) {
  if (framework !== 'express' && framework !== 'fastify') {
    throw new Error(`--frameworks takes express and/or fastify, not "${framework}"`)
  }
}
const nodeAt = args.indexOf('--node')
const serverNode =
  nodeAt === -1 ? undefined : await selectServerNode(args[nodeAt + 1] ?? '--node needs a version')
const outputName = serverNode ? `process-cost-node${serverNode.major}` : 'process-cost'
const serverVersion = serverNode?.version ?? process.versions.node
const render = args.includes('--render')
if (args.includes('--feedback')) await printFeedback()
else {
  const run = render ? readRun() : await measureAll()
  const body = renderSection(run)
  process.stdout.write(`\n${body}\n`)
  if (!args.includes('--no-write')) {
    if (!render) writeResults(outputName, { ...run, targets: [] })
    writeSection(outputName, body)
  }
}

/** What one run measured: what its results file holds and its section is made from. */
interface ProcessCostRun {
  command: string
  date: string
  node: string
  cpu: string
  load: string
  /** Wall-clock minutes the run took. */
  minutes?: number
  rounds: number
  slices: number
  /**
   * Per framework, per variant (in VARIANTS' order), per round: CPU microseconds per
   * request, and the ratio of the round's first bare process to it.
   */
  perRound: Record<string, { ratios: number[][]; micros: number[][] }>
}

/** The results file of an earlier run (`--render`). */
function readRun(): ProcessCostRun {
  const file = new URL(`${outputName}.json`, outputPaths().results)
  const run = JSON.parse(readFileSync(file, 'utf8')) as ProcessCostRun
  // Rows are read by position in VARIANTS: a run of an older list would be mislabelled.
  for (const [framework, { ratios }] of Object.entries(run.perRound)) {
    if (ratios.length !== VARIANTS.length) {
      throw new Error(
        `${file.pathname} holds ${ratios.length} variants for ${framework}, this script measures ${VARIANTS.length}: measure again instead of --render`,
      )
    }
  }
  return run
}

/** Starts the emulator and every round's processes, and measures them. */
async function measureAll(): Promise<ProcessCostRun> {
  pinLoadGenerator()
  const ports = await Promise.all(
    Array.from({ length: frameworks.length * rounds * VARIANTS.length }, () => freePort()),
  )
  const emulator = await environmentFor(ports)
  const perRound: ProcessCostRun['perRound'] = {}
  const children: ChildProcess[] = []
  const started = Date.now()
  try {
    let next = 0
    for (const framework of frameworks) {
      const ratios = VARIANTS.map(() => [] as number[])
      const micros = VARIANTS.map(() => [] as number[])
      perRound[framework] = { ratios, micros }
      for (let round = 0; round < rounds; round++) {
        // Started in a rotated order, so no variant is always the first or last process
        // of its round (on Node 20 the first-started Express process read ~5 % slower).
        const servers: Server[] = []
        for (let k = 0; k < VARIANTS.length; k++) {
          const i = (k + round) % VARIANTS.length
          const variant = VARIANTS[i]!
          const { child, url } = await startVariant(framework, variant, emulator, ports[next++]!, {
            pinned: true,
          })
          children.push(child)
          servers[i] = { url, pid: child.pid }
        }
        const perRequest = await measureRound(servers)
        for (const [i, us] of perRequest.entries()) {
          micros[i]!.push(us)
          ratios[i]!.push(perRequest[0]! / us)
        }
        const line = VARIANTS.map(
          (v, i) => `${v.label.split(' (')[0]} ${perRequest[i]!.toFixed(1)} us`,
        )
        process.stdout.write(`${framework} round ${round + 1}/${rounds}: ${line.join(', ')}\n`)
        for (const child of children.splice(0)) child.kill('SIGTERM')
      }
    }
  } finally {
    for (const child of children) child.kill('SIGTERM')
    await emulator.stop()
  }
  return {
    command: `pnpm --filter @kit/bench bench:process-cost${quick ? ' --quick' : ''} --frameworks ${frameworks.join(',')} --rounds ${rounds} --slices ${slices}${serverNode ? ` --node ${serverNode.requested}` : ''}`,
    ...machine(),
    node: serverVersion,
    minutes: Math.round((Date.now() - started) / 60_000),
    rounds,
    slices,
    perRound,
  }
}

interface Server {
  url: string
  pid: number | undefined
}

/**
 * Starts one variant's process on `port` (a port the environment knows as a kit app's)
 * and returns it with the URL of the bare app it serves.
 */
async function startVariant(
  framework: Framework,
  variant: Variant,
  emulator: Emulator,
  port: number,
  options: Parameters<typeof startServer>[2],
  extraEnv: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string }> {
  const twin = variant.inKitProcess ? await freePort() : undefined
  const child = await startServer(
    framework,
    {
      BENCH_MODE: variant.inKitProcess ? 'kit' : 'bare',
      BENCH_KEEP_TICK_SHAPE: '1',
      PORT: String(port),
      KIT_ENVIRONMENT_URL: emulator.url,
      KIT_CLIENT_ID: emulator.clientId,
      KIT_CLIENT_SECRET: emulator.clientSecret,
      KIT_SESSION_SECRET: sessionSecret,
      ...(variant.before ? { BENCH_BEFORE: variant.before } : {}),
      ...(twin ? { BENCH_TWIN_PORT: String(twin) } : {}),
      ...variant.kitEnv,
      ...extraEnv,
    },
    options,
  )
  return { child, url: `http://localhost:${twin ?? port}/` }
}

type Emulator = Awaited<ReturnType<typeof startEmulator>>

/**
 * The emulator the processes sign up with. Every process gets a port the environment
 * knows as a kit app's, so the kit's start-up check (its redirect URI probe) passes
 * wherever it runs.
 */
function environmentFor(ports: readonly number[]): Promise<Emulator> {
  return freePort().then((port) =>
    startEmulator({
      port,
      dbPath: ':memory:',
      seed: seedFor(ports.map((p) => `http://localhost:${p}`)),
      log: false,
    }),
  )
}

/**
 * `--feedback`: no timing. One process per variant, each run alone with V8's inline
 * cache and deoptimisation logs (v8-feedback.ts) and given the same load; then each
 * variant is compared with the two bare processes: the property accesses that met more
 * object shapes in it than in either bare process, and the functions V8 deoptimised in
 * it more often. The second bare process against the first is the noise floor. Unlike
 * the timed rounds, this reads the same on every run: it says what a variant's history
 * changed in the code every request runs, not how much that costs. Prints only.
 */
async function printFeedback(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kit-process-feedback-'))
  const ports = await Promise.all(
    Array.from({ length: frameworks.length * VARIANTS.length }, () => freePort()),
  )
  const emulator = await environmentFor(ports)
  try {
    let next = 0
    for (const framework of frameworks) {
      const logs: FeedbackLog[] = []
      for (const [i, variant] of VARIANTS.entries()) {
        const logfile = join(dir, `${framework}-${i}.log`)
        const { child, url } = await startVariant(
          framework,
          variant,
          emulator,
          ports[next++]!,
          {
            nodeFlags: [
              '--log-ic',
              '--log-deopt',
              `--logfile=${logfile}`,
              '--no-logfile-per-isolate',
            ],
          },
          { BENCH_V8_LOG: '1' },
        )
        try {
          await measure(url, { durationSec: 1, connections: CONNECTIONS })
          const load = await measure(url, { durationSec: FEEDBACK_SEC, connections: CONNECTIONS })
          if (load.non2xx > 0 || load.errors > 0) {
            throw new Error(`${url} answered ${load.non2xx} non-2xx, ${load.errors} errors`)
          }
        } finally {
          // The log is complete once the process has exited (servers exit on SIGTERM).
          const exited = new Promise((resolve) => child.once('exit', resolve))
          child.kill('SIGTERM')
          await exited
        }
        logs.push(readFeedbackLog(logfile))
      }
      for (const [i, variant] of VARIANTS.entries()) {
        if (i === 0) continue
        const baselines = i === 1 ? logs.slice(0, 1) : logs.slice(0, 2)
        const sites = widenedSites(logs[i]!, baselines)
        const deopts = extraDeopts(logs[i]!, baselines)
        process.stdout.write(
          `\n${framework}, ${variant.label}: ${sites.length} property accesses met more shapes, ` +
            `${deopts.length} functions deoptimised more often${i === 1 ? ' (the noise floor)' : ''}\n`,
        )
        for (const { site, baseline, here } of sites) {
          process.stdout.write(
            `  ${site.fn} @${site.at} ${site.kind} ${site.key}: ${baseline} -> ${here}\n`,
          )
        }
        for (const d of deopts) {
          process.stdout.write(
            `  deoptimised: ${d.fn} x${d.count} (bare: ${d.baseline}) ${d.reason}\n`,
          )
        }
      }
    }
  } finally {
    await emulator.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Warms each server for a second, then gives each `slices` half-second turns; returns
 * each server's CPU microseconds per request over its turns.
 */
async function measureRound(servers: Server[]): Promise<number[]> {
  for (const server of servers) {
    await measure(server.url, { durationSec: 1, connections: CONNECTIONS })
  }
  const totals = await measureInSlices(servers, {
    slices,
    sliceSec: SLICE_SEC,
    connections: CONNECTIONS,
  })
  return totals.map((t, i) => {
    if (t.cpu === undefined) {
      throw new Error('bench:process-cost reads CPU time from /proc: run it on Linux')
    }
    if (t.non2xx > 0 || t.errors > 0) {
      throw new Error(`${servers[i]!.url} answered ${t.non2xx} non-2xx, ${t.errors} errors`)
    }
    return (t.cpu / t.requests) * 1e6
  })
}

/**
 * The docs section: per variant, its ratio to the round's bare process, and against the
 * second bare process of the same round (the noise floor), with the number of rounds
 * in which it was the slower of the two: a sign test that does not depend on how far
 * one process strays.
 */
function renderSection(run: ProcessCostRun): string {
  const fixed = (x: number) => x.toFixed(3)
  const rows = Object.entries(run.perRound).flatMap(([framework, { ratios, micros }]) =>
    VARIANTS.map((variant, i) => {
      const ratio = spread(ratios[i]!)
      const base = `| ${framework} | ${variant.label} | ${i === 0 ? '1.000' : `${fixed(ratio.median)} (${fixed(ratio.min)} to ${fixed(ratio.max)})`}`
      const us = median(micros[i]!).toFixed(1)
      if (i < 2) return `${base} | - | ${us} |`
      const floor = micros[1]!
      const paired = micros[i]!.map((x, round) => floor[round]! / x)
      const slower = micros[i]!.filter((x, round) => x > floor[round]!).length
      return `${base} | ${fixed(median(paired))} (slower in ${slower} of ${paired.length}) | ${us} |`
    }),
  )
  return [
    `## What the kit does to a process${serverNode ? ` (servers on Node ${run.node})` : ''} (under targets 1 and 2)`,
    '',
    'bench:throughput\'s control "bare, in a kit process" serves the bare app from a kit',
    "process, and it can read slower than a bare process though it runs none of the kit's",
    "code. Here the bare app's public route is served by processes that differ only in what",
    'they did once before serving: one outgoing `fetch` (undici, as openid-client uses for',
    "the kit's start-up check and logins); the same request through `node:http`; a second",
    'app of the same framework, built and never served; the kit mounted on such an app with',
    'its check off (no request); and by a kit process, whole (kit app listening, start-up',
    'check on, never requested), with its start-up check off, and with its kit app not',
    "listening either. A ratio is one process's CPU time per request over the variant's, in",
    'the same round (below 1: the variant is slower); every variant gets a fresh process per',
    'round (started in a rotated order), and they take turns in half-second slices on CPU 0.',
    'The second bare process is the noise floor: the last-but-one column reads each variant',
    'against it, with the rounds in which the variant was the slower of the two (about half',
    'of them, when nothing differs). Effects of 2-5 % are at the edge of what one run',
    'resolves (single rounds stray by 10 % and more): read a variant as slower when runs',
    'agree, not from one table.',
    ...(FINDINGS[run.node.split('.')[0]!] ?? []),
    '',
    ...runLines(run.command, run, run.minutes === undefined ? '' : ` (${run.minutes} min)`),
    '',
    '| framework | process | ratio to bare, median (min to max) | ratio to the second bare process (rounds slower) | CPU us per request, median |',
    '| --- | --- | ---: | ---: | ---: |',
    ...rows,
  ].join('\n')
}
