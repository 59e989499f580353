// The two implementations behind `#seal-crypto` (Node's `node:crypto`, iron-session on
// Web Crypto) make one format: each opens the other's seals and iron-session's own, with
// the same rotation, expiry and refusals. Node must really get the Node one: a broken
// export condition would otherwise fall back to the slow path without a sound.
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { sealData, unsealData } from 'iron-session'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { sealEngine, sealValue, unsealValue } from '../../src/session/seal.js'
import type { SealIron, UnsealIron } from '../../src/session/seal-crypto.js'
import * as nodeCrypto from '../../src/session/seal-crypto-node.js'
import * as webCrypto from '../../src/session/seal-crypto-web.js'
import {
  derivePasswords,
  normalizeSecrets,
  type SessionPasswords,
} from '../../src/session/secrets.js'
import buildConfig from '../../tsup.config.js'

const OLD = 'old-secret-0123456789-0123456789-abcdef'
const NEW = 'new-secret-0123456789-0123456789-abcdef'
const packageDir = fileURLToPath(new URL('../..', import.meta.url))

type Engine = { name: string; sealIron: SealIron; unsealIron: UnsealIron }
const ENGINES: Engine[] = [
  { name: 'node:crypto', ...nodeCrypto },
  { name: 'Web Crypto (iron-session)', ...webCrypto },
]
/** Every (sealer, opener) pair, same engine included. */
const PAIRS = ENGINES.flatMap((a) => ENGINES.map((b) => [a.name, b.name, a, b] as const))

async function passwords(...secrets: string[]): Promise<SessionPasswords> {
  return derivePasswords(normalizeSecrets(secrets))
}
const newest = (pw: SessionPasswords) => {
  const [id, secret] = Object.entries(pw.seal)[0]!
  return { id, secret }
}

/** A kit session of realistic size: three tokens, a user, non-ASCII text. */
function realisticSession() {
  const token = (bytes: number) => {
    const raw = crypto.getRandomValues(new Uint8Array(bytes))
    return `eyJ${btoa(String.fromCharCode(...raw)).replace(/[+/=]/g, 'x')}`
  }
  return {
    sid: crypto.randomUUID(),
    user: { id: 'usr_1', email: 'zoë@acme.test', name: 'Zoë Ångström 東京 🚀' },
    idToken: token(900),
    accessToken: token(800),
    refreshToken: token(48),
    expiresAt: Math.floor(Date.now() / 1000) + 3600,
    roles: ['admin'],
  }
}

/** What `unsealValue` makes of an engine's answer: an object, or null. */
async function open(engine: Engine, seal: string, pw: SessionPasswords) {
  try {
    const value = await engine.unsealIron(seal, pw.unseal)
    return value && typeof value === 'object' && Object.keys(value).length > 0 ? value : null
  } catch {
    return null
  }
}

/** The seal with field `index` (0 prefix .. 7 mac, iron's order) replaced. */
function withField(seal: string, index: number, replace: (field: string) => string): string {
  const parts = seal.slice(0, -2).split('*')
  parts[index] = replace(parts[index]!)
  return `${parts.join('*')}~2`
}
/** Same length, one character changed (so only the content differs). */
const flipFirst = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1)
const flipLast = (s: string) => s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A')

afterEach(() => {
  vi.useRealTimers()
})

describe('#seal-crypto resolves to the Node implementation on Node', () => {
  it('seal.ts runs on node:crypto here', () => {
    expect(sealEngine).toBe('node-crypto')
  })

  it("Node's own resolver maps #seal-crypto to the Node files, from sources and from dist", () => {
    const resolve = (conditions: string[]) =>
      execFileSync(
        process.execPath,
        [
          ...conditions.map((c) => `--conditions=${c}`),
          '--input-type=module',
          '-e',
          "process.stdout.write(import.meta.resolve('#seal-crypto'))",
        ],
        { cwd: packageDir, encoding: 'utf8' },
      )
    expect(resolve(['@kit/source'])).toMatch(/\/src\/session\/seal-crypto-node\.ts$/)
    expect(resolve([])).toMatch(/\/dist\/session\/seal-crypto-node\.js$/)
  })

  it('dist ships both implementations as entries and leaves #seal-crypto to the runtime', () => {
    const { entry, external } = buildConfig as { entry: Record<string, string>; external: string[] }
    expect(entry['session/seal-crypto-node']).toBe('src/session/seal-crypto-node.ts')
    expect(entry['session/seal-crypto-web']).toBe('src/session/seal-crypto-web.ts')
    expect(external).toContain('#seal-crypto')
  })

  it('edge and browser bundles get Web Crypto; a Node bundle gets node:crypto', async () => {
    const require = createRequire(createRequire(import.meta.url).resolve('vite'))
    const esbuild = require('esbuild') as {
      build(options: Record<string, unknown>): Promise<{ metafile: { inputs: object } }>
    }
    const inputs = async (platform: string, conditions: string[]) => {
      const result = await esbuild.build({
        entryPoints: [`${packageDir}src/session/seal.ts`],
        bundle: true,
        write: false,
        metafile: true,
        platform,
        format: 'esm',
        logLevel: 'silent',
        conditions,
      })
      return Object.keys(result.metafile.inputs).join('\n')
    }
    const edge = await inputs('browser', ['@kit/source', 'edge-light', 'worker', 'browser'])
    expect(edge).toContain('seal-crypto-web.ts')
    expect(edge).not.toContain('seal-crypto-node.ts')
    const node = await inputs('node', ['@kit/source'])
    expect(node).toContain('seal-crypto-node.ts')
    expect(node).not.toContain('seal-crypto-web.ts')
  })
})

describe('one format, both ways', () => {
  it.each(PAIRS)('sealed with %s, opened with %s', async (_a, _b, sealer, opener) => {
    const pw = await passwords(NEW)
    const value = realisticSession()
    const seal = await sealer.sealIron(value, newest(pw), 600)
    expect(seal.length).toBeGreaterThan(2000)
    expect(await opener.unsealIron(seal, pw.unseal)).toEqual(value)
  })

  it.each(ENGINES)(
    '$name opens iron-session sealData, and iron-session opens its seals',
    async (engine) => {
      const pw = await passwords(NEW)
      const value = realisticSession()
      const byIron = await sealData(value, { password: pw.seal, ttl: 600 })
      expect(await engine.unsealIron(byIron, pw.unseal)).toEqual(value)
      const byEngine = await engine.sealIron(value, newest(pw), 600)
      expect(await unsealData(byEngine, { password: pw.unseal, ttl: 0 })).toEqual(value)
    },
  )

  it.each(ENGINES)('$name writes the same fields as iron-session', async (engine) => {
    const pw = await passwords(NEW)
    const { id } = newest(pw)
    const before = Date.now()
    const seal = await engine.sealIron({ a: 1 }, newest(pw), 600)
    const shape = new RegExp(
      `^Fe26\\.2\\*${id}\\*[0-9a-f]{64}\\*[\\w-]{22}\\*[\\w-]+\\*(\\d+)\\*[0-9a-f]{64}\\*[\\w-]{43}~2$`,
    )
    const expiry = Number(seal.match(shape)?.[1])
    expect(expiry).toBeGreaterThanOrEqual(before + 600_000)
    expect(expiry).toBeLessThanOrEqual(Date.now() + 600_000)
    // Fresh salts and IV every time: the same value never seals to the same string.
    expect(await engine.sealIron({ a: 1 }, newest(pw), 600)).not.toBe(seal)
  })
})

describe.each(PAIRS)('rotation: sealed with %s, opened with %s', (_a, _b, sealer, opener) => {
  it('an old seal opens once a new secret is prepended; new seals name the new secret', async () => {
    const old = await sealer.sealIron({ user: 'alice' }, newest(await passwords(OLD)), 600)
    expect(await open(opener, old, await passwords(NEW, OLD))).toEqual({ user: 'alice' })
    const rotated = await passwords(NEW, OLD)
    const fresh = await sealer.sealIron({ user: 'bob' }, newest(rotated), 600)
    expect(fresh.split('*')[1]).toBe(newest(await passwords(NEW)).id)
    expect(await open(opener, fresh, await passwords(NEW))).toEqual({ user: 'bob' })
    expect(await open(opener, fresh, await passwords(OLD))).toBeNull()
  })

  it('a removed secret stops opening its seals', async () => {
    const seal = await sealer.sealIron({ user: 'alice' }, newest(await passwords(OLD)), 600)
    expect(await open(opener, seal, await passwords(NEW))).toBeNull()
  })
})

describe.each(ENGINES)('$name refuses what iron refuses', (engine) => {
  it('tampering with any field (prefix, id, salts, iv, ciphertext, expiry, mac) -> null', async () => {
    const pw = await passwords(NEW, OLD)
    const seal = await engine.sealIron({ user: 'alice', admin: false }, newest(pw), 600)
    const otherId = newest(await passwords(OLD)).id
    const cases: Record<string, string> = {
      prefix: withField(seal, 0, () => 'Fe26.1'),
      'password id (another configured secret)': withField(seal, 1, () => otherId),
      'password id (unknown)': withField(seal, 1, () => '42'),
      'password id (an Object.prototype name)': withField(seal, 1, () => 'constructor'),
      'encryption salt': withField(seal, 2, flipFirst),
      iv: withField(seal, 3, flipFirst),
      'ciphertext (first block)': withField(seal, 4, flipFirst),
      'ciphertext (last block: a padding oracle would answer here)': withField(seal, 4, flipLast),
      'ciphertext (cut to half a block)': withField(seal, 4, (c) => c.slice(0, -11)),
      'expiry (later)': withField(seal, 5, (e) => String(Number(e) + 86_400_000)),
      'mac salt': withField(seal, 6, flipFirst),
      'mac (last character)': withField(seal, 7, flipLast),
      'mac (shorter)': withField(seal, 7, (m) => m.slice(0, -1)),
      'mac (longer)': withField(seal, 7, (m) => `${m}A`),
      'mac (empty)': withField(seal, 7, () => ''),
      'version suffix': `${seal.slice(0, -2)}~1`,
      'fields swapped': withField(
        withField(seal, 2, () => seal.split('*')[6]!),
        6,
        () => seal.split('*')[2]!,
      ),
    }
    for (const [field, tampered] of Object.entries(cases)) {
      expect(tampered, field).not.toBe(seal)
      expect(await open(engine, tampered, pw), field).toBeNull()
    }
    expect(await open(engine, seal, pw)).toEqual({ user: 'alice', admin: false })
  })

  it('expiry: open until 60 s past it (clock skew), null after', async () => {
    const pw = await passwords(NEW)
    const seal = await engine.sealIron({ a: 1 }, newest(pw), 600)
    const sealedAt = Date.now()
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(sealedAt + 600_000 + 55_000)
      expect(await open(engine, seal, pw)).toEqual({ a: 1 })
      vi.setSystemTime(sealedAt + 600_000 + 61_000)
      expect(await open(engine, seal, pw)).toBeNull()
    } finally {
      // The Node 22/24 legs run later files in this same worker (--no-isolate).
      vi.useRealTimers()
    }
  })
})

describe('node:crypto refuses before it decrypts', () => {
  // A seal whose ciphertext no longer decrypts (bad padding, not a whole block) makes
  // AES-CBC throw. Resolving null instead proves the MAC was checked first: decrypting
  // unauthenticated data first is what padding-oracle attacks feed on.
  it('a tampered ciphertext resolves null without reaching the decryption', async () => {
    const pw = await passwords(NEW)
    const seal = await nodeCrypto.sealIron({ user: 'alice' }, newest(pw), 600)
    for (const tampered of [
      withField(seal, 4, flipLast),
      withField(seal, 4, (c) => c.slice(0, -11)),
      withField(seal, 3, (iv) => iv.slice(0, 10)),
    ]) {
      await expect(nodeCrypto.unsealIron(tampered, pw.unseal)).resolves.toBeNull()
    }
  })

  it('a MAC of the wrong length resolves null (no throw from the constant-time compare)', async () => {
    const pw = await passwords(NEW)
    const seal = await nodeCrypto.sealIron({ user: 'alice' }, newest(pw), 600)
    for (const mac of ['', 'A', 'A'.repeat(42), 'A'.repeat(44), 'A'.repeat(86)]) {
      await expect(
        nodeCrypto.unsealIron(
          withField(seal, 7, () => mac),
          pw.unseal,
        ),
      ).resolves.toBeNull()
    }
  })

  it('an id naming an Object.prototype member resolves null', async () => {
    const pw = await passwords(NEW)
    const seal = await nodeCrypto.sealIron({ user: 'alice' }, newest(pw), 600)
    for (const id of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      await expect(
        nodeCrypto.unsealIron(
          withField(seal, 1, () => id),
          pw.unseal,
        ),
      ).resolves.toBeNull()
    }
  })
})

describe('unsealValue keeps its caps on the fast path', () => {
  it('a genuine seal longer than 64 KiB is not opened', async () => {
    const pw = await passwords(NEW)
    const big = await sealValue({ blob: 'x'.repeat(50_000) }, pw, 600)
    expect(big.length).toBeGreaterThan(64 * 1024)
    expect(await unsealValue(big, pw)).toBeNull()
    const small = await sealValue({ blob: 'x'.repeat(40_000) }, pw, 600)
    expect(await unsealValue(small, pw)).toEqual({ blob: 'x'.repeat(40_000) })
  })

  it('garbage in iron clothing gives null, never a throw', async () => {
    const pw = await passwords(NEW)
    const { id } = newest(pw)
    const cases = [
      `Fe26.2*${id}*${'a'.repeat(64)}*${'A'.repeat(22)}*${'A'.repeat(40)}*${Date.now() + 1e6}*${'b'.repeat(64)}*${'A'.repeat(43)}~2`,
      `Fe26.2*${id}*****~2`,
      `Fe26.2*${id}*a*b*c*d*e*f*g~2`,
      `Fe26.2**${'a'.repeat(64)}*x*y*${Date.now() + 1e6}*${'b'.repeat(64)}*z~2`,
      'Fe26.2*1*a*b*c*-5*e*f~2',
      `Fe26.2*${id}*a*b*c*1e99*e*f~2`,
      'Fe26.2*~2',
    ]
    for (const value of cases) expect(await unsealValue(value, pw), value).toBeNull()
  })

  it('a seal of something other than a non-empty object gives null', async () => {
    const pw = await passwords(NEW)
    for (const value of [[1, 2], {}]) {
      const seal = await nodeCrypto.sealIron(value, newest(pw), 600)
      expect(await unsealValue(seal, pw)).toBeNull()
    }
  })
})
