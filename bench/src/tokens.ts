/**
 * `pnpm --filter @kit/bench bench:tokens` (issue 13, target 4): `kit.validateToken`
 * against raw `jose.jwtVerify` with the same local key, in the same process. The kit
 * fetches the key from a tiny in-process JWKS server (`discovery: false`, so `/keys`);
 * jose gets the public key object directly. First-seen: every call a token neither side
 * has seen (pre-generated, distinct per round); repeated: the same 100 tokens over and
 * over (the kit's verified-token cache answers).
 *
 * Calls are awaited one by one. The machine is shared, so the two sides never run far
 * apart: each round is a series of slice pairs (a slice of kit calls, then a slice of
 * jose calls, or the other way round, alternating), and the round's ratio is the median
 * of its pairs' ratios (kit calls/s over jose calls/s), so a burst of load elsewhere
 * moves one pair, not the round. Rounds are reported as min/median/max. Writes
 * bench/results/tokens.json (with the `targets` array `pnpm bench` summarises) and the
 * `tokens` section of docs/benchmarks.md.
 *
 * Options: --rounds <n> (default 5), --calls <n> (first-seen calls per side and round,
 * default 4000), --repeats <n> (repeated kit calls per round, default 50000), --quick
 * (3 rounds of 1500 / 10000 calls, about 12 s in all), --no-write.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { KitClient } from '@kit/core'
import { exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose'
import { args, option, quick } from './args.js'
import {
  machine,
  median,
  runLines,
  spread,
  targetFrom,
  writeResults,
  writeSection,
} from './section.js'

const rounds = option('rounds', quick ? 3 : 5)
const calls = option('calls', quick ? 1500 : 4000)
const repeats = option('repeats', quick ? 10_000 : 50_000)
/** Calls per side in one slice (first-seen); repeated slices are this many jose calls. */
const SLICE = 100
/** Repeated kit calls are cheap: this many per jose call keeps a slice pair balanced in time. */
const REPEAT_FACTOR = 20
const alg = 'ES256'
const audience = 'https://api.bench.test'
/** Issue 13, target 4. */
const TARGET_FIRST_SEEN = 0.9
const TARGET_REPEATED = 5

const { publicKey, privateKey } = await generateKeyPair(alg)
const jwk = { ...(await exportJWK(publicKey)), kid: 'bench-key', alg, use: 'sig' }
const jwksServer = createServer((req, res) => {
  if (req.url !== '/keys') {
    res.writeHead(404).end()
    return
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }))
})
await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve))
const issuer = `http://localhost:${(jwksServer.address() as AddressInfo).port}`

let serial = 0
/** A distinct access token (its `jti` and `sub` differ), valid for an hour. */
function sign(): Promise<string> {
  serial++
  return new SignJWT({ scope: 'read:projects', client_id: 'bench' })
    .setProtectedHeader({ alg, kid: 'bench-key', typ: 'at+jwt' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject(`usr_${serial}`)
    .setJti(`jti_${serial}`)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey)
}
const signMany = async (n: number) => {
  const out: string[] = []
  for (let i = 0; i < n; i++) out.push(await sign())
  return out
}

const kit = new KitClient({
  environmentUrl: issuer,
  clientId: 'bench',
  clientSecret: 'bench-secret',
  discovery: false,
  audience,
})
type Verify = (token: string) => Promise<void>
const viaKit: Verify = async (token) => {
  await kit.validateToken(token)
}
const viaJose: Verify = async (token) => {
  await jwtVerify(token, publicKey, { issuer, audience, algorithms: [alg] })
}

/** Milliseconds for `count` calls of `verify` over `tokens`, from `offset`, cycling. */
async function timed(verify: Verify, tokens: string[], offset: number, count: number) {
  const start = performance.now()
  for (let i = 0; i < count; i++) await verify(tokens[(offset + i) % tokens.length]!)
  return performance.now() - start
}

interface Side {
  calls: number
  ms: number
}
interface Comparison {
  /** kit calls/s and jose calls/s over the whole round. */
  kit: number
  jose: number
  /** Median over the round's slice pairs of (kit calls/s) / (jose calls/s). */
  ratio: number
  pairs: number
}

/**
 * Alternating slice pairs: `kitSlice` kit calls and `joseSlice` jose calls each, the
 * order flipping every pair. Returns totals and the median pair ratio.
 */
async function compare(
  kitTokens: string[],
  kitSlice: number,
  kitCalls: number,
  joseTokens: string[],
  joseSlice: number,
): Promise<Comparison> {
  const kitSide: Side = { calls: 0, ms: 0 }
  const joseSide: Side = { calls: 0, ms: 0 }
  const pairRatios: number[] = []
  for (let pair = 0; kitSide.calls < kitCalls; pair++) {
    let kitMs = 0
    let joseMs = 0
    const runKit = async () => {
      kitMs = await timed(viaKit, kitTokens, kitSide.calls, kitSlice)
    }
    const runJose = async () => {
      joseMs = await timed(viaJose, joseTokens, joseSide.calls, joseSlice)
    }
    if (pair % 2 === 0) {
      await runKit()
      await runJose()
    } else {
      await runJose()
      await runKit()
    }
    kitSide.calls += kitSlice
    kitSide.ms += kitMs
    joseSide.calls += joseSlice
    joseSide.ms += joseMs
    pairRatios.push(kitSlice / kitMs / (joseSlice / joseMs))
  }
  return {
    kit: kitSide.calls / (kitSide.ms / 1000),
    jose: joseSide.calls / (joseSide.ms / 1000),
    ratio: median(pairRatios),
    pairs: pairRatios.length,
  }
}

interface Round {
  firstSeen: Comparison
  repeated: Comparison
}
const results: Round[] = []
try {
  // Warm-up: JIT, the kit's JWKS fetch and key import, the hot tokens in the kit's cache.
  const warm = await signMany(1000)
  await timed(viaKit, warm, 0, warm.length)
  await timed(viaJose, warm, 0, warm.length)
  const hot = await signMany(100)
  await timed(viaKit, hot, 0, hot.length)

  for (let round = 0; round < rounds; round++) {
    // Tokens new to both sides: the kit's cache holds at most 1,000, all from earlier rounds.
    const kitTokens = await signMany(calls)
    const joseTokens = await signMany(calls)
    const firstSeen = await compare(kitTokens, SLICE, calls, joseTokens, SLICE)
    // jose has no cache: its "repeated" calls cost what first-seen ones do.
    const repeated = await compare(hot, SLICE * REPEAT_FACTOR, repeats, hot, Math.ceil(SLICE / 10))
    results.push({ firstSeen, repeated })
    process.stdout.write(
      `round ${round + 1}: first-seen ${firstSeen.ratio.toFixed(2)} x, repeated ${repeated.ratio.toFixed(1)} x (load ${machine().load})\n`,
    )
  }
} finally {
  jwksServer.close()
}

const summary = (pick: (r: Round) => Comparison) => ({
  ...spread(results.map((r) => pick(r).ratio)),
  kitOpsPerSec: median(results.map((r) => pick(r).kit)),
  joseOpsPerSec: median(results.map((r) => pick(r).jose)),
})
const firstSeen = summary((r) => r.firstSeen)
const repeated = summary((r) => r.repeated)
const target = (label: string, goal: number, pick: (r: Round) => Comparison) =>
  targetFrom({
    id: 4,
    label,
    goal,
    unit: 'x jose.jwtVerify',
    values: results.map((r) => pick(r).ratio),
  })
const targets = [
  target('validateToken, first-seen tokens', TARGET_FIRST_SEEN, (r) => r.firstSeen),
  target('validateToken, repeated tokens', TARGET_REPEATED, (r) => r.repeated),
]

const meta = machine()
const command = quick
  ? 'pnpm --filter @kit/bench bench:tokens --quick'
  : `pnpm --filter @kit/bench bench:tokens --rounds ${rounds} --calls ${calls} --repeats ${repeats}`
const verdict = (s: typeof firstSeen, goal: number) =>
  `**${s.median >= goal ? 'met' : 'not met'}**: ${s.median.toFixed(2)} x jose.jwtVerify ` +
  `(min ${s.min.toFixed(2)}, max ${s.max.toFixed(2)}; target >= ${goal} x)`
const ratios = (s: typeof firstSeen) =>
  `${s.min.toFixed(2)} / ${s.median.toFixed(2)} / ${s.max.toFixed(2)}`
const body = [
  '## Bearer token validation (`validateToken` against `jose.jwtVerify`)',
  '',
  '`kit.validateToken(token)` (the client configured with an `audience`) against raw',
  `\`jose.jwtVerify(token, key, { issuer, audience, algorithms })\` with the same local ${alg}`,
  'key, one awaited call at a time in one process. The kit reads the key from a JWKS served',
  'in process (fetched once); jose gets the key object. First-seen: every call a new token',
  '(pre-generated, distinct per round). Repeated: 100 tokens validated again and again',
  "(the kit's verified-token cache answers, expiry re-checked; jose has no cache, so its",
  'repeated calls cost what first-seen ones do). Each round alternates slices of',
  `${SLICE} kit and ${SLICE} jose calls (repeated: ${SLICE * REPEAT_FACTOR} kit and ${Math.ceil(SLICE / 10)} jose calls), flipping`,
  "which goes first; a round's ratio is the median of its slice pairs' ratios (kit",
  'calls/s over jose calls/s); the table gives min / median / max over rounds.',
  '',
  ...runLines(command, meta),
  `- target 4, first-seen tokens: ${verdict(firstSeen, TARGET_FIRST_SEEN)}`,
  `- target 4, repeated tokens: ${verdict(repeated, TARGET_REPEATED)}`,
  '',
  '| tokens | kit calls/s | jose calls/s | ratio min / median / max |',
  '| --- | ---: | ---: | ---: |',
  `| first-seen | ${Math.round(firstSeen.kitOpsPerSec)} | ${Math.round(firstSeen.joseOpsPerSec)} | ${ratios(firstSeen)} |`,
  `| repeated | ${Math.round(repeated.kitOpsPerSec)} | ${Math.round(repeated.joseOpsPerSec)} | ${ratios(repeated)} |`,
].join('\n')
process.stdout.write(`\n${body}\n`)
if (!args.includes('--no-write')) {
  writeResults('tokens', { command, ...meta, rounds: results, firstSeen, repeated, targets })
  writeSection('tokens', body)
}
