/**
 * `pnpm --filter @kit/bench bench:paginate` (issue 13, target 6): the management client
 * iterating 10,000 seeded users with `paginate(kit.users.listUsers, { pageSize: 100 })`.
 * The emulator (seeded with the users at start) sits behind a TCP pass-through in this
 * process that counts the connections the client opens; the kit's `fetch` option counts
 * the requests by path. Reports total time, requests (list pages and token requests) and
 * connections, over several runs with a fresh client each (so each run includes getting
 * its client-credentials token). Writes bench/results/paginate.json and the `paginate`
 * section of docs/benchmarks.md.
 *
 * Options: --users <n> (default 10000), --runs <n> (default 3), --no-write.
 */

import type { AddressInfo } from 'node:net'
import { createConnection, createServer, type Socket } from 'node:net'
import { KitClient } from '@kit/core'
import { paginate } from '@kit/core/management'
import { DEFAULT_SEED, startEmulator } from '@kit/emulator'
import { args, option } from './args.js'
import { machine, median, runLines, targetFrom, writeResults, writeSection } from './section.js'

const userCount = option('users', 10_000)
const runs = option('runs', 3)
const pageSize = 100

const users = Array.from({ length: userCount }, (_, i) => ({
  email: `bench-user-${i}@bench.test`,
  first_name: 'Bench',
  last_name: `User ${i}`,
}))
const seeding = performance.now()
const emulator = await startEmulator({
  port: 0,
  dbPath: ':memory:',
  seed: { ...DEFAULT_SEED, users: [...(DEFAULT_SEED.users ?? []), ...users] },
  log: false,
})
const seedMs = performance.now() - seeding
const emulatorPort = Number(new URL(emulator.url).port)

// Pass-through in front of the emulator: each accepted socket is one client connection.
let connections = 0
/** Request lines seen on each connection, e.g. `['POST /oauth/token']` (first 30 kept). */
const connectionLog: string[][] = []
const sockets = new Set<Socket>()
const proxy = createServer((client) => {
  connections++
  const lines: string[] = []
  connectionLog.push(lines)
  client.on('data', (chunk: Buffer) => {
    for (const m of chunk
      .toString('latin1')
      .matchAll(/^(GET|POST|PUT|PATCH|DELETE) (\S+?)(\?\S*)? HTTP/gm)) {
      lines.push(`${m[1]} ${m[2]}`)
    }
  })
  const upstream = createConnection(emulatorPort, '127.0.0.1')
  for (const s of [client, upstream]) {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
    s.on('error', () => s.destroy())
  }
  client.pipe(upstream).pipe(client)
})
await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
const proxyUrl = `http://localhost:${(proxy.address() as AddressInfo).port}`

interface Run {
  ms: number
  users: number
  requests: Record<string, number>
  totalRequests: number
  connections: number
  /** Per connection opened in the run: how many requests of each kind it carried. */
  perConnection: Record<string, number>[]
}
/**
 * The same walk without the kit: plain `fetch`, one token, `page_token` followed by
 * hand. What the emulator and Node's fetch cost alone, and how many connections fetch
 * opens for strictly sequential requests.
 */
async function rawWalk(): Promise<{ ms: number; users: number; connections: number }> {
  const before = connections
  const start = performance.now()
  const tokenRes = await fetch(`${proxyUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: emulator.environmentClientId,
      client_secret: emulator.environmentClientSecret,
    }),
  })
  const { access_token } = (await tokenRes.json()) as { access_token: string }
  let seen = 0
  let pageToken = ''
  do {
    const query = new URLSearchParams({ page_size: String(pageSize) })
    if (pageToken) query.set('page_token', pageToken)
    const res = await fetch(`${proxyUrl}/api/v1/users?${query}`, {
      headers: { authorization: `Bearer ${access_token}`, accept: 'application/json' },
    })
    const page = (await res.json()) as { users?: unknown[]; next_page_token?: string }
    seen += page.users?.length ?? 0
    pageToken = page.next_page_token ?? ''
  } while (pageToken)
  const ms = performance.now() - start
  if (seen < userCount) throw new Error(`raw walk saw ${seen} users, expected ${userCount}+`)
  for (const s of sockets) s.destroy()
  await new Promise((resolve) => setTimeout(resolve, 200))
  return { ms, users: seen, connections: connections - before }
}

const results: Run[] = []
let raw: { ms: number; users: number; connections: number } | undefined
try {
  for (let run = 0; run < runs; run++) {
    const requests: Record<string, number> = {}
    const counting: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input))
      requests[url.pathname] = (requests[url.pathname] ?? 0) + 1
      return fetch(input, init)
    }
    const kit = new KitClient({
      environmentUrl: proxyUrl,
      clientId: emulator.environmentClientId,
      clientSecret: emulator.environmentClientSecret,
      fetch: counting,
      // Discovery would name the emulator's own address as issuer, not the pass-through's.
      discovery: false,
    })
    const before = connections
    const logFrom = connectionLog.length
    const start = performance.now()
    let seen = 0
    for await (const user of paginate(kit.users.listUsers, { pageSize })) {
      if (user.email) seen++
    }
    const ms = performance.now() - start
    if (seen < userCount) throw new Error(`paginate saw ${seen} users, expected ${userCount}+`)
    const totalRequests = Object.values(requests).reduce((a, b) => a + b, 0)
    const perConnection = connectionLog.slice(logFrom).map((lines) => {
      const kinds: Record<string, number> = {}
      for (const line of lines) kinds[line] = (kinds[line] ?? 0) + 1
      return kinds
    })
    results.push({
      ms,
      users: seen,
      requests,
      totalRequests,
      connections: connections - before,
      perConnection,
    })
    process.stdout.write(
      `run ${run + 1}: ${seen} users in ${ms.toFixed(0)} ms, ${totalRequests} requests over ${connections - before} connections\n`,
    )
    // Close this run's keep-alive sockets (and give fetch's pool a moment to see it) so
    // the next run opens and counts its own.
    for (const s of sockets) s.destroy()
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  // After the kit's runs, so neither side pays the warm-up.
  raw = await rawWalk()
  process.stdout.write(
    `plain fetch: ${raw.users} users in ${raw.ms.toFixed(0)} ms over ${raw.connections} connections\n`,
  )
} finally {
  proxy.close()
  await emulator.stop()
}

const meta = machine()
const command = `pnpm --filter @kit/bench bench:paginate --users ${userCount} --runs ${runs}`
const last = results.at(-1)!
const requestLines = Object.entries(last.requests)
  .map(([path, n]) => `\`${path}\` ${n}`)
  .join(', ')
const body = [
  '## Management pagination (`paginate` over 10,000 users)',
  '',
  `\`paginate(kit.users.listUsers, { pageSize: ${pageSize} })\` over the emulator seeded with`,
  `${userCount} extra users (seeded at start, ${(seedMs / 1000).toFixed(1)} s including the emulator's start). Requests`,
  "are counted by path through the kit's `fetch` option; connections at a TCP",
  'pass-through in front of the emulator (one accepted socket = one connection the',
  'client opened). Each run is a new client, so it includes its client-credentials',
  'token request. Issue 13, target 6 asks for the numbers (no ratio): reported, so met.',
  `The issue expects about ${Math.ceil(userCount / pageSize)} list requests over one connection; the plain-\`fetch\``,
  "walk below shows how many connections Node's own fetch opens for the same strictly",
  'sequential requests, and how much of the time is the emulator answering.',
  '',
  ...runLines(command, meta),
  `- median time over ${runs} runs: ${median(results.map((r) => r.ms)).toFixed(0)} ms; requests in the last run: ${requestLines}`,
  `- what each connection of the last run carried: ${last.perConnection
    .map(
      (kinds, i) =>
        `#${i + 1} ${Object.entries(kinds)
          .map(([line, n]) => `${n} x \`${line}\``)
          .join(' + ')}`,
    )
    .join('; ')}`,
  `- the same walk with plain \`fetch\` and no kit (one token, \`page_token\` followed by hand): ${raw!.ms.toFixed(0)} ms, ${raw!.connections} connections; the kit's share is the difference`,
  '',
  '| run | users | time ms | requests | connections |',
  '| ---: | ---: | ---: | ---: | ---: |',
  ...results.map(
    (r, i) =>
      `| ${i + 1} | ${r.users} | ${r.ms.toFixed(0)} | ${r.totalRequests} | ${r.connections} |`,
  ),
].join('\n')
process.stdout.write(`\n${body}\n`)
if (!args.includes('--no-write')) {
  const targets = [
    targetFrom({
      id: 6,
      label: `${userCount} users at page size ${pageSize}: ${last.totalRequests} requests, ${last.connections} connections`,
      unit: 'ms',
      measured: median(results.map((r) => r.ms)),
    }),
  ]
  writeResults('paginate', {
    command,
    ...meta,
    seedMs,
    pageSize,
    plainFetch: raw,
    runs: results,
    targets,
  })
  writeSection('paginate', body)
}
