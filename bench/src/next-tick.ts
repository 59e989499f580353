/**
 * `pnpm --filter @kit/bench next-tick`: the cost of one `process.nextTick` call in a
 * Fastify process, with and without the kit mounted, with and without one outbound
 * `fetch`. A diagnostic for the next engineer, not a target. On Node 20, a process that
 * makes a `fetch` once its server listens sometimes pays about 240 ns per call for the
 * rest of its life, against about 30 ns otherwise; Node's HTTP stack calls `nextTick`
 * about 9 times per request, so that is some 2 us of every request (about 5 % of a
 * Fastify request on the benchmark machine). `perf record` on such a server puts the
 * time in V8's `Runtime_DefineKeyedOwnPropertyInLiteral`: the tick object built by a
 * runtime call instead of inline. Which processes get it varies with their history, kit
 * or no kit (on the benchmark machine, runs of this script have found it in bare rows
 * and in the no-op hook row, while the throughput harness found it in kit servers and
 * not in bare ones); a `fetch` before `listen` as well has avoided it every time so far.
 * The V8 cause is not pinned down.
 *
 * Each row runs in its own process (this script, with `--variant`), so no row inherits
 * another's history. The `fetch` goes to a small server this script runs, as a kit app's
 * goes to its identity environment. The kit is configured against an address nothing
 * answers, with its start-up check off, so no row makes a request it did not ask for.
 *
 * Options: --samples <n> per row (default 10; the median of the second half is shown).
 */
import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import Fastify from 'fastify'
import { args, option } from './args.js'
import { median } from './section.js'

interface Variant {
  label: string
  app: 'bare' | 'hook' | 'kit'
  fetch: 'none' | 'before-listen' | 'after-listen' | 'both'
}

const VARIANTS: Variant[] = [
  { label: 'bare', app: 'bare', fetch: 'none' },
  { label: 'bare, fetch once listening', app: 'bare', fetch: 'after-listen' },
  { label: 'bare, fetch before listen and once listening', app: 'bare', fetch: 'both' },
  { label: 'no-op onRequest hook, fetch once listening', app: 'hook', fetch: 'after-listen' },
  { label: 'kit', app: 'kit', fetch: 'none' },
  { label: 'kit, fetch before listen', app: 'kit', fetch: 'before-listen' },
  { label: 'kit, fetch once listening', app: 'kit', fetch: 'after-listen' },
]

const samples = option('samples', 10)
const variantAt = args.indexOf('--variant')

if (variantAt === -1) await compare()
else await measureOne(VARIANTS[Number(args[variantAt + 1])]!, args[variantAt + 2]!)

/** Runs every variant in a child process against one local upstream and prints a table. */
async function compare(): Promise<void> {
  const upstream = createServer((_req, res) => res.end('{"issuer":"local"}'))
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/`
  const self = fileURLToPath(import.meta.url)
  const rows: string[] = []
  try {
    for (const [i, variant] of VARIANTS.entries()) {
      // Not spawnSync: it would block this process's event loop, and the upstream the
      // child fetches from runs on it.
      const out = await run(process.execPath, [
        ...process.execArgv,
        self,
        '--variant',
        String(i),
        url,
        '--samples',
        String(samples),
      ])
      rows.push(`| ${variant.label} | ${out.trim()} |`)
    }
  } finally {
    upstream.close()
  }
  process.stdout.write(
    [
      `process.nextTick, ns per call (median of the last ${Math.ceil(samples / 2)} of ${samples} samples; Node ${process.version})`,
      '',
      '| Fastify process | ns per call |',
      '| --- | ---: |',
      ...rows,
      '',
    ].join('\n'),
  )
}

/** Starts the variant's app, makes its `fetch`, and prints the cost of one `nextTick`. */
async function measureOne(variant: Variant, upstream: string): Promise<void> {
  const app = Fastify({ logger: false })
  if (variant.app === 'hook') app.addHook('onRequest', (_request, _reply, done) => done())
  if (variant.app === 'kit') {
    const { KitClient } = await import('@kit/core')
    const { kitFastify } = await import('@kit/fastify')
    const kit = new KitClient({
      // Port 9 (discard): nothing answers, and nothing is asked.
      environmentUrl: 'http://127.0.0.1:9',
      clientId: 'client_next_tick',
      clientSecret: 'secret_next_tick',
    })
    await app.register(kitFastify, {
      kit,
      baseUrl: 'http://localhost:3000',
      session: { secret: 'next-tick-session-secret-of-32-chars!' },
      checkSetupOnStart: false,
    })
  }
  app.get('/', async () => ({ page: 'home' }))
  if (variant.fetch === 'before-listen' || variant.fetch === 'both') await fetchOnce(upstream)
  await app.listen({ port: 0, host: '127.0.0.1' })
  if (variant.fetch === 'after-listen' || variant.fetch === 'both') await fetchOnce(upstream)
  const costs: number[] = []
  for (let i = 0; i < samples; i++) {
    costs.push(await nanosPerTick())
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
  await app.close()
  process.stdout.write(median(costs.slice(Math.floor(samples / 2))).toFixed(0))
}

async function fetchOnce(url: string): Promise<void> {
  const response = await fetch(url)
  await response.arrayBuffer()
  if (!response.ok) throw new Error(`next-tick: the upstream answered ${response.status}`)
}

function noop(): void {}

/**
 * Queues 500 ticks at a time and lets them run before the next 500, 200 times: a queue
 * that never grows long, as a server's never does.
 */
async function nanosPerTick(): Promise<number> {
  let total = 0n
  for (let batch = 0; batch < 200; batch++) {
    const started = process.hrtime.bigint()
    for (let i = 0; i < 500; i++) process.nextTick(noop)
    total += process.hrtime.bigint() - started
    await new Promise((resolve) => setImmediate(resolve))
  }
  return Number(total) / (200 * 500)
}

/** Runs a child to completion and returns its stdout (throws on a non-zero exit). */
function run(command: string, argv: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
    })
    child.once('error', reject)
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`next-tick: a variant exited with ${code}`)),
    )
  })
}
