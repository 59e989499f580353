#!/usr/bin/env node
// `pnpm demo`: starts the local identity emulator and the Express, Fastify and Next.js
// example apps from their TypeScript sources (no build step), wires them together through
// environment variables, waits until each one answers and prints where to go.
// Ctrl-C stops everything.
//
// The Next.js example runs under `next dev`: its first page answers in about 20-40 s on a
// fresh clone (2 cores), where `next build` + `next start` takes about twice as long before the
// first page. It starts at once, beside the emulator, since it needs the emulator only
// when a request arrives.
//
//   node scripts/demo.mjs            run until Ctrl-C
//   node scripts/demo.mjs --smoke    start, check every URL answers, stop (exit 0 or 1)
//
// Ports (env): KIT_DEMO_EMULATOR_PORT (4000), KIT_DEMO_EXPRESS_PORT (3000),
// KIT_DEMO_FASTIFY_PORT (3001), KIT_DEMO_NEXT_PORT (3002). KIT_DEMO_DB: emulator database file (default
// .kit/emulator.sqlite; ':memory:' in smoke mode). KIT_DEMO_SMOKE=1 is the same as --smoke.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { runSmokeChecks } from './demo-smoke.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const SMOKE = process.argv.includes('--smoke') || process.env.KIT_DEMO_SMOKE === '1'
const READY_TIMEOUT_MS = Number(process.env.KIT_DEMO_READY_TIMEOUT_MS) || 90_000
const COLOR = process.stdout.isTTY && !process.env.NO_COLOR

function port(name, fallback) {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value <= 0 || value > 65535) {
    console.error(`${name} must be a port number (1-65535), got "${raw}"`)
    process.exit(1)
  }
  return value
}

const ports = {
  emulator: port('KIT_DEMO_EMULATOR_PORT', 4000),
  express: port('KIT_DEMO_EXPRESS_PORT', 3000),
  fastify: port('KIT_DEMO_FASTIFY_PORT', 3001),
  next: port('KIT_DEMO_NEXT_PORT', 3002),
}
const urls = {
  emulator: `http://localhost:${ports.emulator}`,
  express: `http://localhost:${ports.express}`,
  fastify: `http://localhost:${ports.fastify}`,
  next: `http://localhost:${ports.next}`,
}
const dbPath =
  process.env.KIT_DEMO_DB || (SMOKE ? ':memory:' : join(ROOT, '.kit', 'emulator.sqlite'))
if (dbPath !== ':memory:') mkdirSync(dirname(dbPath), { recursive: true })
// One Standard Webhooks secret per run, given to the emulator (signs) and the apps (verify).
const webhookSecret = `whsec_${randomBytes(24).toString('base64')}`

/** Runs a TypeScript entry point of the workspace through tsx, resolving `@kit/*` to sources. */
const tsNode = (entry, args = []) => [
  '--conditions=@kit/source',
  '--import',
  'tsx',
  join(ROOT, entry),
  ...args,
]

const services = [
  {
    name: 'emulator',
    color: 35,
    args: tsNode('packages/emulator/src/cli.ts', [
      '--port',
      String(ports.emulator),
      '--public-url',
      urls.emulator,
      ...(dbPath === ':memory:' ? ['--memory'] : ['--db', dbPath]),
      // Every app receives the environment's webhooks, signed with this run's secret.
      '--webhook-url',
      `${urls.express}/webhooks`,
      '--webhook-url',
      `${urls.fastify}/webhooks`,
      '--webhook-url',
      `${urls.next}/webhooks`,
      '--webhook-secret',
      webhookSecret,
    ]),
    env: {},
    probe: `${urls.emulator}/.well-known/openid-configuration`,
  },
  ...['express', 'fastify'].map((name, i) => ({
    name,
    color: 36 + i,
    args: tsNode(`examples/${name}/src/server.ts`),
    // Only the emulator's address changes; the apps default to its demo client.
    env: {
      KIT_ENVIRONMENT_URL: urls.emulator,
      KIT_CLIENT_ID: '',
      KIT_CLIENT_SECRET: '',
      KIT_WEBHOOK_SECRET: webhookSecret,
      PORT: String(ports[name]),
      BASE_URL: urls[name],
    },
    probe: `${urls[name]}/`,
  })),
  {
    name: 'next',
    color: 33,
    // Webpack: it bundles the kit from its TypeScript sources (see next.config.ts).
    args: [
      join(ROOT, 'examples/next/node_modules/next/dist/bin/next'),
      'dev',
      '--webpack',
      '--port',
      String(ports.next),
    ],
    cwd: join(ROOT, 'examples/next'),
    env: {
      KIT_ENVIRONMENT_URL: urls.emulator,
      KIT_CLIENT_ID: '',
      KIT_CLIENT_SECRET: '',
      KIT_WEBHOOK_SECRET: webhookSecret,
      PORT: String(ports.next),
      BASE_URL: urls.next,
      NEXT_TELEMETRY_DISABLED: '1',
      // `next dev` expects development (a test runner's NODE_ENV=test would leak in).
      NODE_ENV: 'development',
    },
    probe: `${urls.next}/`,
  },
]

const children = new Map()
let stopping = false

function label(name) {
  const text = `[${name}]`.padEnd(11)
  return COLOR ? `\x1b[${services.find((s) => s.name === name)?.color ?? 0}m${text}\x1b[0m` : text
}

/** `KIT_...=value` lines the emulator prints at start (its client credentials). */
const emulatorSettings = {}

function pipe(name, stream, out) {
  createInterface({ input: stream }).on('line', (line) => {
    if (name === 'emulator') {
      const setting = /^\s*(KIT_[A-Z_]+)=(\S+)\s*$/.exec(line)
      if (setting) emulatorSettings[setting[1]] = setting[2]
    }
    out.write(`${label(name)} ${line}\n`)
  })
}

function start(service) {
  const child = spawn(process.execPath, service.args, {
    cwd: service.cwd ?? ROOT,
    env: { ...process.env, ...service.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  pipe(service.name, child.stdout, process.stdout)
  pipe(service.name, child.stderr, process.stderr)
  child.on('exit', (code, signal) => {
    children.delete(service.name)
    if (stopping) return
    console.error(`${label(service.name)} exited unexpectedly (${signal ?? `code ${code}`})`)
    stop(1)
  })
  children.set(service.name, child)
  return child
}

/** Polls `url` until it answers with any HTTP status below 500. */
async function waitUntilAnswering(service) {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (stopping) return
    if (!children.has(service.name)) throw new Error(`${service.name} exited before answering`)
    try {
      const res = await fetch(service.probe, {
        redirect: 'manual',
        signal: AbortSignal.timeout(2000),
      })
      await res.arrayBuffer()
      if (res.status < 500) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(
    `${service.name} did not answer at ${service.probe} within ${READY_TIMEOUT_MS} ms`,
  )
}

async function stop(code) {
  if (stopping) return
  stopping = true
  const exits = [...children.values()].map(
    (child) =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', resolve)
        child.kill('SIGTERM')
        setTimeout(() => child.kill('SIGKILL'), 5000).unref()
      }),
  )
  await Promise.all(exits)
  process.exit(code)
}

process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))

/**
 * The Next.js example's smoke checks (run after the shared ones, whose organization
 * change must reach it as a webhook too). Prints one line each; resolves to failures.
 */
async function runNextSmokeChecks() {
  const get = async (path) => {
    const res = await fetch(`${urls.next}${path}`, {
      redirect: 'manual',
      signal: AbortSignal.timeout(60_000),
    })
    return {
      status: res.status,
      location: res.headers.get('location') ?? '',
      body: await res.text(),
    }
  }
  const checks = [
    ['next home', async () => ((await get('/')).body.includes('Next.js') ? null : 'no "Next.js"')],
    [
      'next /api/me signed out',
      async () => {
        const res = await get('/api/me')
        return res.status === 401 && res.body.includes('unauthenticated')
          ? null
          : `status ${res.status}, expected 401 JSON`
      },
    ],
    [
      'next login redirect',
      async () => {
        const res = await get('/auth/login')
        return res.status >= 300 && res.status < 400 && res.location.startsWith(urls.emulator)
          ? null
          : `status ${res.status} to "${res.location}", expected a redirect to the emulator`
      },
    ],
    [
      'next receives webhooks',
      async () => {
        const deadline = Date.now() + 15_000
        while (Date.now() < deadline) {
          if ((await get('/webhooks/events')).body.includes('organization.created')) return null
          await new Promise((r) => setTimeout(r, 250))
        }
        return '/webhooks/events never listed organization.created'
      },
    ],
  ]
  let failed = 0
  for (const [what, check] of checks) {
    const problem = await check().catch((err) => err.message)
    console.log(problem ? `FAIL ${what}: ${problem}` : `ok   ${what}`)
    if (problem) failed++
  }
  return failed
}

function banner() {
  const lines = [
    '',
    'Kit demo is running:',
    `  Express example   ${urls.express}`,
    `  Fastify example   ${urls.fastify}`,
    `  Next.js example   ${urls.next}   (next dev: pages compile on first visit)`,
    `  Emulator console  ${urls.emulator}   (mailbox: ${urls.emulator}/mailbox)`,
    '',
    'Demo users (click "Sign in as ..." on the login page, no password):',
    '  alice@acme.test    Acme Corp, role admin (has org:manage: can open /admin)',
    '  bob@acme.test      Acme Corp, role member (gets 403 on /admin)',
    '  carol@globex.test  Globex, role admin',
    'Passwordless: enter any other email; the code arrives in the emulator mailbox.',
    '',
    'Press Ctrl-C to stop.',
    '',
  ]
  console.log(lines.join('\n'))
}

async function main() {
  const [emulator, ...apps] = services
  const next = apps.find((app) => app.name === 'next')
  const others = apps.filter((app) => app !== next)
  // Next compiles its first page for a while and needs the emulator only per request.
  start(emulator)
  start(next)
  const nextReady = waitUntilAnswering(next)
  await waitUntilAnswering(emulator)
  for (const app of others) start(app)
  await Promise.all([...others.map(waitUntilAnswering), nextReady])
  if (stopping) return
  if (SMOKE) {
    const failed =
      (await runSmokeChecks({
        urls,
        clientId: emulatorSettings.KIT_CLIENT_ID,
        clientSecret: emulatorSettings.KIT_CLIENT_SECRET,
      })) + (await runNextSmokeChecks())
    console.log(failed ? `smoke: ${failed} check(s) failed` : 'smoke: all checks passed')
    await stop(failed ? 1 : 0)
    return
  }
  banner()
}

main().catch((err) => {
  console.error(`demo: ${err.message}`)
  stop(1)
})
