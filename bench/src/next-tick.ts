/**
 * `pnpm --filter @kit/bench next-tick`: the cost of one `process.nextTick` call in a
 * Fastify process before and after several full garbage collections pass with no tick
 * queued, with and without a tick object held (`retainNextTickShape` from
 * `@kit/core/node`, which the kit's adapters call when mounted). A diagnostic for the
 * next engineer, not a target.
 *
 * Node builds each tick as an object literal with computed keys; V8's feedback for those
 * stores goes from one hidden class straight to "any" when it meets a second. The
 * classes are held weakly, so collections that find no tick alive free them, the next
 * tick makes new ones, and from then on every tick is built through a V8 runtime call
 * (`Runtime_DefineKeyedOwnPropertyInLiteral` in `perf`): 230 to 320 ns instead of about
 * 30, on Node 20, 22 and 24, for the rest of the process's life. Node's HTTP stack calls
 * `nextTick` about 9 times per request. A server meets such collections while busy with
 * something else or idle, which is why server processes of one app differed by up to
 * 20 % in bench:throughput until the control "bare, nextTick shape kept" was added. The
 * collections are forced here (`--expose-gc`), so every run shows the effect.
 *
 * The last column is the other side of the coin: what one `await` of an async function
 * costs in the same process. The row "bare, async hook enabled once" does what an
 * earlier `retainNextTickShape` did to catch a tick (enable an async hook, queue one
 * tick, disable it): V8 then invalidates its PromiseHook protector for good, its
 * optimizing compiler stops inlining promise operations, and every `await` in the
 * process costs about 20 % more. The kit's rows must read like the bare one there.
 *
 * Each row runs in its own process (this script, with `--variant`), so no row inherits
 * another's history. The kit is configured against an address nothing answers, with its
 * start-up check off, so no row makes a request.
 *
 * Options: --samples <n> per phase (default 10; the median of the second half is shown).
 */
import { createHook } from 'node:async_hooks'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { nextTickShapeRetained, retainNextTickShape } from '@kit/core/node'
import Fastify from 'fastify'
import { args, option } from './args.js'
import { median } from './section.js'

interface Variant {
  label: string
  app: 'bare' | 'kit'
  keepShape: boolean
  /** Enables and disables an async hook once at start (the earlier way to catch a tick). */
  hookOnce?: boolean
}

const VARIANTS: Variant[] = [
  { label: 'bare', app: 'bare', keepShape: false },
  { label: 'bare, nextTick shape kept', app: 'bare', keepShape: true },
  { label: 'kit mounted (keeps the shape)', app: 'kit', keepShape: false },
  { label: 'bare, async hook enabled once', app: 'bare', keepShape: false, hookOnce: true },
]

const samples = option('samples', 10, 4)
const variantAt = args.indexOf('--variant')

if (variantAt === -1) await compare()
else await measureOne(VARIANTS[Number(args[variantAt + 1])]!)

/** Runs every variant in a child process and prints a table. */
async function compare(): Promise<void> {
  const self = fileURLToPath(import.meta.url)
  const rows: string[] = []
  for (const [i, variant] of VARIANTS.entries()) {
    const out = await run(process.execPath, [
      ...process.execArgv,
      '--expose-gc',
      self,
      '--variant',
      String(i),
      '--samples',
      String(samples),
    ])
    rows.push(`| ${variant.label} | ${out.trim()} |`)
  }
  process.stdout.write(
    [
      `process.nextTick, ns per call (median of the last ${Math.ceil(samples / 2)} of ${samples} samples), and one \`await\` of an async function, ns (best of ${samples}); Node ${process.version}`,
      '',
      '| Fastify process | nextTick before | nextTick after 6 full GCs with no tick queued | tick object held | await |',
      '| --- | ---: | ---: | --- | ---: |',
      ...rows,
      '',
    ].join('\n'),
  )
}

/** Starts the variant's app and prints the cost of one `nextTick` before and after. */
async function measureOne(variant: Variant): Promise<void> {
  const app = Fastify({ logger: false })
  if (variant.hookOnce)
    createHook({ init() {} })
      .enable()
      .disable()
  if (variant.keepShape) retainNextTickShape()
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
  await app.listen({ port: 0, host: '127.0.0.1' })
  const before = await phase()
  const collect = (globalThis as { gc?: () => void }).gc
  if (!collect) throw new Error('next-tick: run the variant with --expose-gc')
  for (let i = 0; i < 6; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20))
    collect()
  }
  const after = await phase()
  let awaitCost = Number.POSITIVE_INFINITY
  for (let i = 0; i < samples; i++) awaitCost = Math.min(awaitCost, await nanosPerAwait())
  await app.close()
  process.stdout.write(
    `${before.toFixed(0)} | ${after.toFixed(0)} | ${nextTickShapeRetained() ? 'yes' : 'no'} | ${awaitCost.toFixed(1)}`,
  )
}

async function addOne(value: number): Promise<number> {
  return value + 1
}

async function awaitOne(value: number): Promise<number> {
  return (await addOne(value)) * 2
}

/** ns per `await awaitOne(i)`: two async calls and two awaits, 200,000 times. */
async function nanosPerAwait(): Promise<number> {
  let sum = 0
  const started = process.hrtime.bigint()
  for (let i = 0; i < 200_000; i++) sum += await awaitOne(i)
  const elapsed = Number(process.hrtime.bigint() - started)
  if (sum < 0) throw new Error('unreachable')
  return elapsed / 200_000
}

/** `samples` measurements 300 ms apart; the median of the second half. */
async function phase(): Promise<number> {
  const costs: number[] = []
  for (let i = 0; i < samples; i++) {
    costs.push(await nanosPerTick())
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
  return median(costs.slice(Math.floor(samples / 2)))
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
