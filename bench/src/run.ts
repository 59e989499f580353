/**
 * `pnpm bench`: throughput of a guarded request (valid session, fresh access token) and
 * of a public request through each adapter, as ratios against the bare framework
 * measured in the same run on the same machine. Writes docs/benchmarks.md.
 *
 * Options: --duration <s> (default 8), --connections <n> (default 50), --rounds <n>
 * (default 2; scenarios alternate each round and the mean is reported), --no-write.
 */
import type { ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { DEFAULT_CLIENTS, DEFAULT_SEED, type SeedData, startEmulator } from '@kit/emulator'
import { EmulatorBrowser } from '@kit/emulator/testing'
import { type LoadResult, measure } from './load.js'
import { freePort, startServer } from './processes.js'
import { type Row, renderReport } from './report.js'

const args = process.argv.slice(2)
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`)
  return i === -1 ? fallback : Number(args[i + 1])
}
const durationSec = option('duration', 8)
const connections = option('connections', 50)
const rounds = option('rounds', 2)
const sessionSecret = 'bench-session-secret-of-at-least-32-chars!'

type Framework = 'express' | 'fastify'
type Mode = 'bare' | 'noop' | 'kit' | 'eoc'
/** Each app under test: the kit's adapter, the bare framework, and peers. */
const apps: { framework: Framework; mode: Mode; label: string }[] = [
  { framework: 'express', mode: 'bare', label: 'bare' },
  { framework: 'express', mode: 'noop', label: 'bare + no-op middleware' },
  { framework: 'express', mode: 'kit', label: 'kit' },
  { framework: 'express', mode: 'eoc', label: 'express-openid-connect' },
  { framework: 'fastify', mode: 'bare', label: 'bare' },
  { framework: 'fastify', mode: 'kit', label: 'kit' },
]
const keyOf = (app: { framework: Framework; mode: Mode }) => `${app.framework}-${app.mode}`

/** The demo seed with the application client registered for the bench apps' URLs. */
function seedFor(appUrls: string[]): SeedData {
  const clients = DEFAULT_CLIENTS.map((client) =>
    client.kind === 'application'
      ? {
          ...client,
          redirect_uris: appUrls.map((url) => `${url}/auth/callback`),
          post_logout_redirect_uris: appUrls.map((url) => `${url}/`),
        }
      : client,
  )
  return { ...DEFAULT_SEED, clients }
}

const ports: Record<string, number> = {}
for (const app of apps) ports[keyOf(app)] = await freePort()
const urlOf = (key: string) => `http://localhost:${ports[key]}`

const emulator = await startEmulator({
  port: 0,
  dbPath: ':memory:',
  seed: seedFor(
    apps.filter((a) => a.mode === 'kit' || a.mode === 'eoc').map((a) => urlOf(keyOf(a))),
  ),
  log: false,
})
const children: ChildProcess[] = []
const stopAll = async () => {
  for (const child of children) child.kill('SIGTERM')
  await emulator.stop()
}

try {
  const cookies: Record<string, string> = {}
  for (const app of apps) {
    const key = keyOf(app)
    children.push(
      await startServer(app.framework, {
        BENCH_MODE: app.mode,
        PORT: String(ports[key]),
        KIT_ENVIRONMENT_URL: emulator.url,
        KIT_CLIENT_ID: emulator.clientId,
        KIT_CLIENT_SECRET: emulator.clientSecret,
        KIT_SESSION_SECRET: sessionSecret,
      }),
    )
    if (app.mode === 'bare' || app.mode === 'noop') continue
    // A real login through the emulator's pages gives each app a real session.
    const browser = new EmulatorBrowser()
    const appUrl = urlOf(key)
    await browser.signIn({
      startUrl: `${appUrl}/auth/login?returnTo=/dashboard`,
      email: 'alice@acme.test',
    })
    cookies[key] = browser.cookieHeader(appUrl)
    const check = await fetch(`${appUrl}/dashboard`, { headers: { cookie: cookies[key] } })
    const body = await check.text()
    if (check.status !== 200 || !body.includes('usr_alice')) {
      throw new Error(`${key}: the session does not reach the dashboard (${check.status} ${body})`)
    }
  }

  const scenarios = apps.flatMap((app) => {
    const key = keyOf(app)
    // The bare app gets the kit's cookie too: same bytes on the wire, so the ratio is
    // the kit's own work, not the cost of a larger request.
    const cookie =
      cookies[app.mode === 'bare' || app.mode === 'noop' ? `${app.framework}-kit` : key]
    return [
      {
        framework: app.framework,
        name: `guarded, ${app.label}`,
        base: `guarded, bare`,
        key,
        path: '/dashboard',
        ...(cookie ? { cookie } : {}),
      },
      {
        framework: app.framework,
        name: `public, ${app.label}`,
        base: 'public, bare',
        key,
        path: '/',
      },
    ]
  })

  const samples = new Map<string, LoadResult[]>()
  for (let round = 0; round < rounds; round++) {
    for (const s of round % 2 === 0 ? scenarios : [...scenarios].reverse()) {
      const id = `${s.framework}/${s.name}`
      const headers: Record<string, string> = s.cookie ? { cookie: s.cookie } : {}
      await measure(`${urlOf(s.key)}${s.path}`, { headers, durationSec: 1, connections })
      const result = await measure(`${urlOf(s.key)}${s.path}`, {
        headers,
        durationSec,
        connections,
      })
      if (result.non2xx > 0 || result.errors > 0) {
        throw new Error(`${id}: ${result.non2xx} non-2xx answers, ${result.errors} errors`)
      }
      samples.set(id, [...(samples.get(id) ?? []), result])
      process.stdout.write(`${id}: ${Math.round(result.requestsPerSec)} req/s\n`)
    }
  }

  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
  const rows: Row[] = scenarios.map((s) => {
    const list = samples.get(`${s.framework}/${s.name}`) ?? []
    const base = samples.get(`${s.framework}/${s.base}`) ?? list
    const rps = mean(list.map((r) => r.requestsPerSec))
    return {
      framework: s.framework,
      scenario: s.name,
      requestsPerSec: rps,
      ratio: rps / mean(base.map((r) => r.requestsPerSec)),
      p50: mean(list.map((r) => r.latencyP50Ms)),
      p99: mean(list.map((r) => r.latencyP99Ms)),
    }
  })
  const report = renderReport(rows, {
    date: new Date().toISOString(),
    node: process.version,
    cpu: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}`,
    command: `pnpm bench --duration ${durationSec} --connections ${connections} --rounds ${rounds}`,
  })
  process.stdout.write(`\n${report}`)
  if (!args.includes('--no-write')) {
    const target = new URL('../../docs/benchmarks.md', import.meta.url)
    const kept = ['edge-size', 'redis-revocation', 'tokens', 'login', 'paginate'].map((name) =>
      keptSection(target, name),
    )
    writeFileSync(target, `${report.trimEnd()}\n${kept.join('')}`)
  }
} finally {
  await stopAll()
}

/**
 * A section other benchmark scripts own (between `<!-- name:start -->` and
 * `<!-- name:end -->`), carried over so this report does not erase it.
 */
function keptSection(file: URL, name: string): string {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return ''
  }
  const start = text.indexOf(`<!-- ${name}:start -->`)
  const endMarker = `<!-- ${name}:end -->`
  const end = text.indexOf(endMarker)
  return start === -1 || end < start ? '' : `\n${text.slice(start, end + endMarker.length)}\n`
}
