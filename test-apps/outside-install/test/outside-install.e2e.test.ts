// Installing the kit the way a user outside this repository does: `pack-all` (the script
// behind `pnpm pack:all`) packs every publishable package, a fresh app in the system's
// temp folder installs the tarballs with npm and with pnpm, and ESM and CommonJS apps on
// Express and Fastify sign in through the emulator and reach a guarded route, on this
// Node and on the lowest Nodes that `engines` promises. Nothing here can see the
// monorepo's node_modules: the apps live outside it and get only what was installed.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type EmulatorHandle, startEmulator } from '@kit/emulator'
import { EmulatorBrowser } from '@kit/emulator/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installWithNpm, installWithPnpm } from './support/install.js'
import { engineFloors, enginesRange, nodeBinary } from './support/node-floor.js'
import { outsideEnv } from './support/outside-env.js'
import { packAll } from './support/pack.js'
import { readManifest, repoRoot } from './support/repo.js'
import { type RunningApp, startAppOnFreePort, startProcess } from './support/run-app.js'

// Generous: two cores shared with the rest of the suite, and each app is a cold Node.
const CASE_TIMEOUT = 120_000

const APPS = [
  { file: 'express.mjs', framework: 'express', module: 'esm' },
  { file: 'express.cjs', framework: 'express', module: 'cjs' },
  { file: 'fastify.mjs', framework: 'fastify', module: 'esm' },
  { file: 'fastify.cjs', framework: 'fastify', module: 'cjs' },
] as const

type Installer = 'npm' | 'pnpm'
/** `undefined`: the Node running the tests; otherwise an exact version from `engines`. */
type Run = { installer: Installer; nodeVersion?: string; app: (typeof APPS)[number] }

const floors = engineFloors()
const RUNS: Run[] = [
  ...APPS.map((app) => ({ installer: 'npm' as const, app })),
  ...APPS.map((app) => ({ installer: 'pnpm' as const, app })),
  ...floors.flatMap((nodeVersion) =>
    APPS.map((app) => ({ installer: 'npm' as const, nodeVersion, app })),
  ),
]

let work = ''
let packed: Record<string, string> = {}
const floorNodes = new Map<string, string>()
let emu: EmulatorHandle
const appDir = (installer: Installer) => join(work, `${installer}-app`)
const timings: string[] = []

async function timed<T>(label: string, step: Promise<T>): Promise<T> {
  const started = performance.now()
  const result = await step
  timings.push(`${label} ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return result
}

beforeAll(async () => {
  work = realpathSync(mkdtempSync(join(tmpdir(), 'kit-outside-install-')))
  packed = await timed('pack', packAll(join(work, 'packed')))
  ;[emu] = await Promise.all([
    startEmulator({ port: 0, dbPath: ':memory:', log: false }),
    timed('npm install', installWithNpm(appDir('npm'), packed)),
    timed('pnpm install', installWithPnpm(appDir('pnpm'), packed)),
    ...floors.map(async (version) => {
      floorNodes.set(version, await timed(`node ${version}`, nodeBinary(version)))
    }),
  ])
}, 600_000)

afterAll(async () => {
  await emu?.stop()
  if (work) rmSync(work, { recursive: true, force: true })
  if (timings.length > 0) console.info(`outside-install: ${timings.join(', ')}`)
})

it('works in a folder that cannot see the monorepo or any node_modules above it', () => {
  expect(work.startsWith(realpathSync(repoRoot))).toBe(false)
  for (let dir = dirname(work); dir !== dirname(dir); dir = dirname(dir)) {
    expect(existsSync(join(dir, 'node_modules')), `${dir}/node_modules`).toBe(false)
  }
})

it('packs every publishable package, with workspace ranges replaced by versions', () => {
  const publishable = readdirSync(join(repoRoot, 'packages'))
    .filter((dir) => existsSync(join(repoRoot, 'packages', dir, 'package.json')))
    .map((dir) => readManifest(`packages/${dir}/package.json`))
    .filter((pkg) => !pkg.private)
    .map((pkg) => pkg.name)
  expect(Object.keys(packed).sort()).toEqual(publishable.sort())
  const express = execFileSync('tar', [
    '-xzOf',
    packed['@kit/express'] ?? '',
    'package/package.json',
  ])
  const manifest = JSON.parse(express.toString())
  expect(manifest.dependencies['@kit/core']).toMatch(/^\d+\.\d+\.\d+/)
  expect(JSON.stringify(manifest)).not.toContain('workspace:')
})

it('ships no `@kit/source` export condition (it points at sources the tarball lacks)', () => {
  for (const [name, tarball] of Object.entries(packed)) {
    const manifest = execFileSync('tar', ['-xzOf', tarball, 'package/package.json']).toString()
    expect(manifest, name).not.toContain('@kit/source')
    // The export paths themselves survive the rewrite, with their build files.
    const { exports } = JSON.parse(manifest) as { exports: Record<string, unknown> }
    expect(Object.keys(exports).length, name).toBeGreaterThan(1)
  }
  const core = JSON.parse(
    execFileSync('tar', ['-xzOf', packed['@kit/core'] ?? '', 'package/package.json']).toString(),
  ) as { exports: Record<string, { import: { default: string } }> }
  expect(Object.keys(core.exports)).toEqual(
    expect.arrayContaining(['.', './adapter', './management', './node', './testing']),
  )
  expect(core.exports['./management']?.import.default).toBe('./dist/management/index.js')
})

it("the installed @kit/core seals with Node's crypto on Node, from ESM and CommonJS", () => {
  // `#seal-crypto` (package.json `imports`) picks Node's implementation under the `node`
  // condition; a broken map would fall back to the slower Web Crypto one without a sound.
  const core = join(appDir('npm'), 'node_modules', '@kit', 'core')
  const engine = (args: string[]) =>
    execFileSync(process.execPath, args, { cwd: core, env: outsideEnv(), encoding: 'utf8' })
  const esm = "process.stdout.write((await import('#seal-crypto')).SEAL_ENGINE)"
  expect(engine(['--input-type=module', '-e', esm])).toBe('node-crypto')
  expect(engine(['-e', "process.stdout.write(require('#seal-crypto').SEAL_ENGINE)"])).toBe(
    'node-crypto',
  )
})

it('states one engines range, whose floors the floor runs use, in every package.json', () => {
  const dirs = ['', ...readdirSync(join(repoRoot, 'packages')).map((d) => `packages/${d}/`)]
  for (const dir of dirs) {
    if (!existsSync(join(repoRoot, dir, 'package.json'))) continue
    const pkg = readManifest(`${dir}package.json`)
    expect(pkg.engines?.node, pkg.name).toBe(enginesRange())
  }
})

describe.concurrent('an app outside the workspace signs in through the emulator', () => {
  for (const { installer, nodeVersion, app } of RUNS) {
    const on = nodeVersion ? `${nodeVersion} (an engines floor)` : process.version.slice(1)
    it(`${installer} install, ${app.file} on Node ${on}`, { timeout: CASE_TIMEOUT }, async () => {
      const cwd = appDir(installer)
      let running: RunningApp | undefined
      try {
        running = await startAppOnFreePort({
          node: nodeVersion ? (floorNodes.get(nodeVersion) ?? '') : process.execPath,
          cwd,
          file: app.file,
          // A client per URL: a retry on another port registers its own.
          kitEnvFor: async (url) => {
            const clientId = `outside_${installer}_${nodeVersion ?? 'current'}_${app.file}_${new URL(url).port}`
            await emu.seed({
              clients: [
                {
                  kind: 'application',
                  client_id: clientId,
                  client_secret: `${clientId}-secret`,
                  first_party: true,
                  redirect_uris: [`${url}/auth/callback`],
                  post_logout_redirect_uris: [`${url}/`],
                },
              ],
            })
            return {
              KIT_ENVIRONMENT_URL: emu.url,
              KIT_CLIENT_ID: clientId,
              KIT_CLIENT_SECRET: `${clientId}-secret`,
              KIT_SESSION_SECRET: 'outside-install-session-secret-0123456789',
            }
          },
        })
        const { url } = running
        const anonymous = await fetch(`${url}/me`, { headers: { accept: 'application/json' } })
        expect(anonymous.status).toBe(401)

        const page = await new EmulatorBrowser().signIn({
          startUrl: `${url}/auth/login?returnTo=/me`,
          email: 'alice@acme.test',
        })
        expect(page.url.href, running.output()).toBe(`${url}/me`)
        expect(page.status, page.body).toBe(200)
        const me = JSON.parse(page.body)
        expect(me).toMatchObject({
          email: 'alice@acme.test',
          framework: app.framework,
          module: app.module,
          node: nodeVersion ? `v${nodeVersion}` : process.version,
        })
        // Loaded from this app's own node_modules, from the build for its module system.
        const resolved: string = me.resolved.startsWith('file:')
          ? fileURLToPath(me.resolved)
          : me.resolved
        expect(resolved.startsWith(join(cwd, 'node_modules'))).toBe(true)
        expect(resolved.endsWith(app.module === 'cjs' ? 'dist/index.cjs' : 'dist/index.js')).toBe(
          true,
        )
      } finally {
        await running?.stop()
      }
    })
  }
})

it('runs the emulator from its tarball with the kit-emulator bin', {
  timeout: CASE_TIMEOUT,
}, async () => {
  const emulator = await startProcess({
    command: join(appDir('pnpm'), 'node_modules/.bin/kit-emulator'),
    args: ['--port', '0', '--memory'],
    cwd: appDir('pnpm'),
    ready: /listening on (http:\/\/127\.0\.0\.1:\d+)\s/,
  })
  try {
    const url = emulator.ready[1]
    const discovery = await fetch(`${url}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(30_000),
    })
    expect(discovery.status, emulator.output()).toBe(200)
    expect((await discovery.json()).issuer).toBe(url)
  } finally {
    await emulator.stop()
  }
})

it('type-checks ESM and CommonJS TypeScript against the installed types', {
  timeout: CASE_TIMEOUT,
}, () => {
  const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc')
  // Fails with tsc's diagnostics when a type is missing, wrong, or silently `any` (the
  // files hold @ts-expect-error lines that only real types satisfy).
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], {
      cwd: appDir('npm'),
      env: outsideEnv(),
      stdio: 'pipe',
    })
  } catch (error) {
    throw new Error(`tsc failed:\n${(error as { stdout?: Buffer }).stdout ?? error}`)
  }
})

it('starts an app again on another port when its port was taken before it listened', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kit-port-retry-'))
  writeFileSync(
    join(dir, 'listen.mjs'),
    "import { createServer } from 'node:http'\n" +
      'const port = Number(process.env.PORT)\n' +
      "createServer((_req, res) => res.end('ok')).listen(port, '127.0.0.1', () =>\n" +
      "  console.log('listening on http://127.0.0.1:' + port + ' '),\n" +
      ')\n',
  )
  // The first URL's port is taken between freePort and the app's listen, as a parallel
  // test's server would: the app exits with EADDRINUSE and the helper tries another port.
  const taker = createServer()
  const urls: string[] = []
  let running: RunningApp | undefined
  try {
    running = await startAppOnFreePort({
      node: process.execPath,
      cwd: dir,
      file: 'listen.mjs',
      kitEnvFor: async (url) => {
        urls.push(url)
        if (urls.length === 1) {
          await new Promise<void>((resolve) =>
            taker.listen(Number(new URL(url).port), '127.0.0.1', resolve),
          )
        }
        return {}
      },
    })
    expect(urls).toHaveLength(2)
    expect(running.url).toBe(urls[1])
    expect(await (await fetch(running.url)).text()).toBe('ok')
  } finally {
    await running?.stop()
    await new Promise((resolve) => taker.close(resolve))
    rmSync(dir, { recursive: true, force: true })
  }
})
