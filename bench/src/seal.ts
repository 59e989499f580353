/**
 * `pnpm --filter @kit/bench bench:seal` (issue 13, the primitive under target 3): what
 * one seal and one unseal of a kit session (ID, access and refresh token, ~3.5 KB
 * sealed) cost per call, in one process, three ways:
 *
 * - kit: core's `sealValue` / `unsealValue`, on the implementation `#seal-crypto`
 *   resolves to here (Node: `node:crypto`);
 * - web: the same calls on core's Web Crypto implementation (iron-session), which every
 *   runtime used before and non-Node runtimes still use;
 * - raw: the same iron work written straight against `node:crypto` (pbkdf2Sync,
 *   createHmac, timingSafeEqual, createDecipheriv / createCipheriv), the floor.
 *
 * Every unseal opens a seal not opened before (distinct sessions, as with cold
 * cookies). The sides take turns in slices within a round, in an order that alternates
 * between rounds; a side's µs per call is its wall time over its calls (CPU time too),
 * and ratios are taken per round (min/median/max).
 * Covers no numbered target by itself (`targets` is empty): bench:cold-sessions
 * measures target 3 end to end. Writes bench/results/seal.json and the `seal` section.
 *
 * Options: --quick (3 rounds of 600), --rounds <n> (default 5), --calls <n> (unseals per
 * side and round, default 3000; seals are half as many), --no-write.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  pbkdf2Sync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto'
// The primitive is internal to @kit/core (no export path), so it is measured from the
// sources, as every other benchmark runs the kit (`@kit/source`).
import { sealEngine, sealValue, unsealValue } from '../../packages/core/src/session/seal.js'
import * as web from '../../packages/core/src/session/seal-crypto-web.js'
import { derivePasswords } from '../../packages/core/src/session/secrets.js'
import { args, option, quick } from './args.js'
import { machine, median, runLines, spread, writeResults, writeSection } from './section.js'

const rounds = option('rounds', quick ? 3 : 5)
const calls = option('calls', quick ? 600 : 3000)
const seals = Math.max(1, Math.round(calls / 2))
/** Slices per round: the sides take turns this many times (see `interleaved`). */
const SLICES = 10

const SECRET = 'bench-session-secret-of-at-least-32-characters'
const passwords = await derivePasswords([SECRET])
const [[passwordId, secret]] = Object.entries(passwords.seal) as [[string, string]]
const FORMAT = /^Fe26\.2\*[A-Za-z0-9_*-]+~2$/

/** A kit session as the callback writes it: user, three tokens, times. */
function session(serial: number) {
  const token = (bytes: number) => `eyJ${randomBytes(bytes).toString('base64url')}`
  const now = Math.floor(Date.now() / 1000)
  return {
    v: 1,
    sid: `ses_${serial}_${randomBytes(8).toString('hex')}`,
    user: { id: `usr_${serial}`, email: `user${serial}@acme.test`, name: 'Bench User' },
    organizationId: 'org_bench',
    idToken: token(780),
    accessToken: token(720),
    refreshToken: token(32),
    expiresAt: now + 3600,
    createdAt: now,
    lastActiveAt: now,
    authTime: now,
  }
}

// A deliberate copy of seal-crypto-node.ts's steps: the reference the kit is measured against.
/** The same iron work as the kit, written directly against node:crypto. */
const raw = {
  seal(value: object, ttlSeconds: number): string {
    const encSalt = randomBytes(32).toString('hex')
    const iv = randomBytes(16)
    const key = pbkdf2Sync(secret, encSalt, 1, 32, 'sha1')
    const cipher = createCipheriv('aes-256-cbc', key, iv)
    const body = Buffer.concat([cipher.update(JSON.stringify(value)), cipher.final()])
    const base = `Fe26.2*${passwordId}*${encSalt}*${iv.toString('base64url')}*${body.toString('base64url')}*${Date.now() + ttlSeconds * 1000}`
    const macSalt = randomBytes(32).toString('hex')
    const macKey = pbkdf2Sync(secret, macSalt, 1, 32, 'sha1')
    return `${base}*${macSalt}*${createHmac('sha256', macKey).update(base).digest('base64url')}~2`
  },
  unseal(seal: string): object | null {
    const p = seal.slice(0, -2).split('*')
    const macKey = pbkdf2Sync(secret, p[6]!, 1, 32, 'sha1')
    const mac = createHmac('sha256', macKey).update(p.slice(0, 6).join('*')).digest()
    const presented = Buffer.from(p[7]!, 'base64url')
    if (presented.length !== mac.length || !timingSafeEqual(mac, presented)) return null
    const key = pbkdf2Sync(secret, p[2]!, 1, 32, 'sha1')
    const decipher = createDecipheriv('aes-256-cbc', key, Buffer.from(p[3]!, 'base64url'))
    const text = Buffer.concat([decipher.update(Buffer.from(p[4]!, 'base64url')), decipher.final()])
    return JSON.parse(text.toString())
  },
}

/** The Web Crypto path with unsealValue's own checks around it (what the kit did before). */
const webUnseal = async (seal: string) => {
  if (!FORMAT.test(seal)) return null
  const value = await web.unsealIron(seal, passwords.unseal)
  return value && typeof value === 'object' && Object.keys(value).length > 0 ? value : null
}
const webSeal = (value: object) => web.sealIron(value, { id: passwordId, secret }, 3600)

type Side = 'kit' | 'web' | 'raw'
const SIDES: Side[] = ['kit', 'web', 'raw']
const unseal: Record<Side, (seal: string) => unknown> = {
  kit: (s) => unsealValue(s, passwords),
  web: webUnseal,
  raw: (s) => raw.unseal(s),
}
const seal: Record<Side, (value: object) => unknown> = {
  kit: (v) => sealValue(v, passwords, 3600),
  web: webSeal,
  raw: (v) => raw.seal(v, 3600),
}

/** Wall and CPU (this process, all threads) µs spent so far by one side. */
interface Spent {
  wallUs: number
  cpuUs: number
  calls: number
}
const spent = (): Spent => ({ wallUs: 0, cpuUs: 0, calls: 0 })

/** Runs `fn` over `inputs`, each awaited in turn, adding its time to `into`. */
async function timeCalls<T>(fn: (input: T) => unknown, inputs: T[], into: Spent): Promise<void> {
  const cpu = process.cpuUsage()
  const start = performance.now()
  for (const input of inputs) {
    if ((await fn(input)) == null) throw new Error('a seal did not open')
  }
  into.wallUs += (performance.now() - start) * 1000
  const used = process.cpuUsage(cpu)
  into.cpuUs += used.user + used.system
  into.calls += inputs.length
}

/**
 * Times every side on its own inputs, interleaved in `SLICES` slices in the given order,
 * so load from other processes on this shared machine falls on all sides alike.
 */
async function interleaved<T>(
  fns: Record<Side, (input: T) => unknown>,
  inputs: Record<Side, T[]>,
  order: Side[],
): Promise<Record<Side, Spent>> {
  const out = { kit: spent(), web: spent(), raw: spent() }
  for (let slice = 0; slice < SLICES; slice++) {
    for (const side of order) {
      const all = inputs[side]
      const from = Math.floor((all.length * slice) / SLICES)
      const to = Math.floor((all.length * (slice + 1)) / SLICES)
      await timeCalls(fns[side], all.slice(from, to), out[side])
    }
  }
  return out
}

/** Distinct genuine seals of distinct sessions (made with the kit). */
async function freshSeals(n: number, from: number): Promise<string[]> {
  const out: string[] = []
  for (let i = 0; i < n; i++) out.push(await sealValue(session(from + i), passwords, 3600))
  return out
}

// Every side opens every other side's seals (one format), and warms up.
const sample = session(0)
for (const by of SIDES) {
  const s = (await seal[by](sample)) as string
  for (const opener of SIDES) {
    const opened = (await unseal[opener](s)) as { sid?: string } | null
    if (opened?.sid !== sample.sid) throw new Error(`${opener} cannot open a seal made by ${by}`)
  }
}
const sealLength = ((await seal.kit(sample)) as string).length
const warm = await freshSeals(Math.min(500, calls), 1e6)
const warmValues = warm.slice(0, 100).map((_, i) => session(i))
for (const side of SIDES) {
  await timeCalls(unseal[side], warm, spent())
  await timeCalls(seal[side], warmValues, spent())
}

interface Round {
  unseal: Record<Side, Spent>
  seal: Record<Side, Spent>
}
const results: Round[] = []
const us = (s: Spent) => s.wallUs / s.calls
const cpu = (s: Spent) => s.cpuUs / s.calls
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? SIDES : [...SIDES].reverse()
  // Each side opens its own never-opened seals.
  const toOpen = {} as Record<Side, string[]>
  for (const side of SIDES) toOpen[side] = await freshSeals(calls, (round + 1) * 1e5)
  const values = Array.from({ length: seals }, (_, i) => session(i))
  const r: Round = {
    unseal: await interleaved(unseal, toOpen, order),
    seal: await interleaved(seal, { kit: values, web: values, raw: values }, order),
  }
  results.push(r)
  const line = (x: Record<Side, Spent>) =>
    SIDES.map((side) => `${side} ${us(x[side]).toFixed(1)}`).join(' / ')
  process.stdout.write(`round ${round + 1}: unseal ${line(r.unseal)} µs; seal ${line(r.seal)} µs\n`)
}

type Spread = ReturnType<typeof spread>
interface Summary {
  wallUs: Record<Side, number>
  cpuUs: Record<Side, number>
  /** How many times faster the kit is than the Web Crypto path (per round, wall time). */
  speedupOverWeb: Spread
  /** The kit's speed as a fraction of raw node:crypto doing the same work (1 = the floor). */
  ofRawNode: Spread
  /** The same two ratios in CPU time, which other processes on a busy machine disturb less. */
  speedupOverWebCpu: Spread
  ofRawNodeCpu: Spread
}
function summary(pick: (r: Round) => Record<Side, Spent>): Summary {
  const per = (time: (s: Spent) => number) =>
    Object.fromEntries(
      SIDES.map((s) => [s, median(results.map((r) => time(pick(r)[s])))]),
    ) as Record<Side, number>
  const ratio = (time: (s: Spent) => number, over: Side) =>
    spread(results.map((r) => time(pick(r)[over]) / time(pick(r).kit)))
  return {
    wallUs: per(us),
    cpuUs: per(cpu),
    speedupOverWeb: ratio(us, 'web'),
    ofRawNode: ratio(us, 'raw'),
    speedupOverWebCpu: ratio(cpu, 'web'),
    ofRawNodeCpu: ratio(cpu, 'raw'),
  }
}
const unsealSummary = summary((r) => r.unseal)
const sealSummary = summary((r) => r.seal)
const meta = machine()
const command = `pnpm --filter @kit/bench bench:seal${quick ? ' --quick' : ''} --rounds ${rounds} --calls ${calls}`
const f1 = (n: number) => n.toFixed(1)
const f2 = (n: number) => n.toFixed(2)
const triple = (s: { min: number; median: number; max: number }, digits = f2) =>
  `${digits(s.min)} / ${digits(s.median)} / ${digits(s.max)}`
const row = (name: string, s: Summary) =>
  `| ${name} | ${f1(s.wallUs.kit)} (${f1(s.cpuUs.kit)}) | ${f1(s.wallUs.web)} (${f1(s.cpuUs.web)}) | ${f1(s.wallUs.raw)} (${f1(s.cpuUs.raw)}) | ${triple(s.speedupOverWeb, f1)} (${triple(s.speedupOverWebCpu, f1)}) | ${triple(s.ofRawNode)} (${triple(s.ofRawNodeCpu)}) |`
const bullet = (name: string, s: Summary) =>
  `- ${name}: ${f1(s.wallUs.kit)} µs per call on the kit's path here (CPU ${f1(s.cpuUs.kit)}), ${f1(s.wallUs.web)} µs on Web Crypto (CPU ${f1(s.cpuUs.web)}): ${f1(s.speedupOverWeb.median)} x faster (median; CPU ${f1(s.speedupOverWebCpu.median)} x), ${f2(s.ofRawNode.median)} x the speed of raw node:crypto (CPU ${f2(s.ofRawNodeCpu.median)} x)`
const body = [
  '## Session seal and unseal (the primitive under cold sessions)',
  '',
  `One seal and one unseal of a kit session (three tokens, ${sealLength} characters sealed) per`,
  'call, awaited one at a time in one process; every unseal opens a seal not opened before.',
  `kit: core's \`sealValue\` / \`unsealValue\` on the implementation \`#seal-crypto\` resolves to`,
  `(here \`${sealEngine}\`); web: the same on core's Web Crypto implementation (iron-session,`,
  'what non-Node runtimes use and every runtime used before); raw: the same iron work written',
  'straight against `node:crypto`. All three make and open one format (checked before timing).',
  `Each round runs ${calls} unseals and ${seals} seals per side, the sides taking turns in ${SLICES}`,
  'slices, in an order that alternates between rounds; ratios are per round (wall time).',
  'In brackets: the same in CPU time (this process, all threads: Web Crypto works on the',
  'thread pool), which load from other processes disturbs less than wall time. No numbered',
  'target: this is the primitive under target 3 (cold sessions), which bench:cold-sessions',
  'measures end to end.',
  '',
  ...runLines(command, meta),
  bullet('unseal', unsealSummary),
  bullet('seal', sealSummary),
  '',
  '| call | kit µs (CPU) | web µs (CPU) | raw node:crypto µs (CPU) | kit speed-up over web, min / median / max (CPU) | kit speed / raw, min / median / max (CPU) |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  row('unseal', unsealSummary),
  row('seal', sealSummary),
].join('\n')
process.stdout.write(`\n${body}\n`)
if (!args.includes('--no-write')) {
  writeResults('seal', {
    command,
    ...meta,
    engine: sealEngine,
    sealLength,
    rounds: results,
    unseal: unsealSummary,
    seal: sealSummary,
    targets: [],
  })
  writeSection('seal', body)
}
