/**
 * `pnpm --filter @kit/bench bench:tokens` (issue 13, target 4): `kit.validateToken`
 * against raw `jose.jwtVerify` with the same local key, in the same process. The kit
 * fetches the key from a tiny in-process JWKS server (`discovery: false`, so `/keys`);
 * jose gets the public key object directly. First-seen: every call a token neither side
 * has seen (pre-generated, distinct per round); repeated: the same 100 tokens over and
 * over (the kit's verified-token cache answers). Calls are awaited one by one. Rounds
 * alternate which side goes first; the ratio is taken per round and reported as
 * min/median/max. Writes bench/results/tokens.json and the `tokens` section of
 * docs/benchmarks.md.
 *
 * Options: --rounds <n> (default 5), --calls <n> (first-seen calls per side and round,
 * default 5000), --repeats <n> (repeated calls per side and round, default 50000),
 * --no-write.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { KitClient } from '@kit/core'
import { exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose'
import { machine, median, writeResults, writeSection } from './section.js'

const args = process.argv.slice(2)
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`)
  return i === -1 ? fallback : Number(args[i + 1])
}
const rounds = option('rounds', 5)
const calls = option('calls', 5000)
const repeats = option('repeats', 50_000)
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
const viaKit = async (token: string) => {
  await kit.validateToken(token)
}
const viaJose = async (token: string) => {
  await jwtVerify(token, publicKey, { issuer, audience, algorithms: [alg] })
}

/** Calls per second of `verify` over `tokens` (in order, cycling to `count` calls). */
async function opsPerSec(verify: (t: string) => Promise<void>, tokens: string[], count: number) {
  const start = performance.now()
  for (let i = 0; i < count; i++) await verify(tokens[i % tokens.length]!)
  return count / ((performance.now() - start) / 1000)
}

interface Round {
  firstSeen: { kit: number; jose: number; ratio: number }
  repeated: { kit: number; jose: number; ratio: number }
}
const results: Round[] = []
try {
  // Warm-up: JIT, the kit's JWKS fetch and key import.
  const warm = await signMany(2000)
  await opsPerSec(viaKit, warm, warm.length)
  await opsPerSec(viaJose, warm, warm.length)
  const hot = await signMany(100)
  for (const t of hot) await viaKit(t)

  for (let round = 0; round < rounds; round++) {
    const kitTokens = await signMany(calls)
    const joseTokens = await signMany(calls)
    const kitFirst = round % 2 === 0
    const fs = { kit: 0, jose: 0 }
    const rp = { kit: 0, jose: 0 }
    for (const side of kitFirst ? (['kit', 'jose'] as const) : (['jose', 'kit'] as const)) {
      fs[side] =
        side === 'kit'
          ? await opsPerSec(viaKit, kitTokens, calls)
          : await opsPerSec(viaJose, joseTokens, calls)
    }
    for (const side of kitFirst ? (['kit', 'jose'] as const) : (['jose', 'kit'] as const)) {
      rp[side] =
        side === 'kit'
          ? await opsPerSec(viaKit, hot, repeats)
          : await opsPerSec(viaJose, hot, Math.max(calls, Math.round(repeats / 10)))
    }
    const r: Round = {
      firstSeen: { ...fs, ratio: fs.kit / fs.jose },
      repeated: { ...rp, ratio: rp.kit / rp.jose },
    }
    results.push(r)
    process.stdout.write(
      `round ${round + 1}: first-seen ${r.firstSeen.ratio.toFixed(2)} x, repeated ${r.repeated.ratio.toFixed(1)} x\n`,
    )
  }
} finally {
  jwksServer.close()
}

const summary = (pick: (r: Round) => { kit: number; jose: number; ratio: number }) => {
  const ratios = results.map((r) => pick(r).ratio)
  return {
    min: Math.min(...ratios),
    median: median(ratios),
    max: Math.max(...ratios),
    kitOpsPerSec: median(results.map((r) => pick(r).kit)),
    joseOpsPerSec: median(results.map((r) => pick(r).jose)),
  }
}
const firstSeen = summary((r) => r.firstSeen)
const repeated = summary((r) => r.repeated)
const meta = machine()
const command = `pnpm --filter @kit/bench bench:tokens --rounds ${rounds} --calls ${calls} --repeats ${repeats}`
const verdict = (ratio: number, target: number) =>
  `${ratio >= target ? 'met' : 'not met'} (median ${ratio.toFixed(2)} x, target >= ${target} x)`
const ratios = (s: typeof firstSeen) =>
  `${s.min.toFixed(2)} / ${s.median.toFixed(2)} / ${s.max.toFixed(2)}`
const body = [
  '## Bearer token validation (`validateToken` against `jose.jwtVerify`)',
  '',
  '`kit.validateToken(token)` against raw `jose.jwtVerify(token, key, { issuer, audience })`',
  `with the same local ${alg} key, one call at a time in one process. The kit reads the key`,
  'from a JWKS served in process (fetched once); jose gets the key object. First-seen:',
  'every call a new token (pre-generated, distinct per round). Repeated: 100 tokens',
  "validated again and again (the kit's verified-token cache answers, expiry re-checked).",
  'Rounds alternate which side goes first; ratios are per round (kit / jose).',
  '',
  `- command: \`${command}\``,
  `- date: ${meta.date}; Node ${meta.node}; ${meta.cpu}; load average ${meta.load}`,
  `- first-seen: ${verdict(firstSeen.median, TARGET_FIRST_SEEN)}`,
  `- repeated: ${verdict(repeated.median, TARGET_REPEATED)}`,
  '',
  '| tokens | kit calls/s | jose calls/s | ratio min / median / max |',
  '| --- | ---: | ---: | ---: |',
  `| first-seen | ${Math.round(firstSeen.kitOpsPerSec)} | ${Math.round(firstSeen.joseOpsPerSec)} | ${ratios(firstSeen)} |`,
  `| repeated | ${Math.round(repeated.kitOpsPerSec)} | ${Math.round(repeated.joseOpsPerSec)} | ${ratios(repeated)} |`,
].join('\n')
process.stdout.write(`\n${body}\n`)
if (!args.includes('--no-write')) {
  writeResults('tokens', { command, ...meta, rounds: results, firstSeen, repeated })
  writeSection('tokens', body)
}
