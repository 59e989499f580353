import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '@kit/emulator'
import { EMULATOR_DEMO_DEFAULTS, loadExampleConfig } from '@kit/example-shared'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** The parent's environment without any app setting, so only the case's values count. */
const baseEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(KIT_|SCALEKIT_|PORT$|BASE_URL$)/.test(key)),
)

/** Runs an example's `server.ts` the way `pnpm demo` does, and collects how it ends. */
function runExample(
  framework: 'express' | 'fastify',
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@kit/source', '--import', 'tsx', `examples/${framework}/src/server.ts`],
    { cwd: ROOT, env: { ...baseEnv, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  child.stdout.on('data', (chunk) => {
    output += chunk
  })
  child.stderr.on('data', (chunk) => {
    output += chunk
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    }),
  )
}

// A misconfigured example must stop at start-up and name the variable, never start
// half-configured (and never fall back to the emulator's demo client for a hosted URL).
describe('example apps refuse bad configuration at start-up', () => {
  it.each([
    ['express', { KIT_SESSION_SECRET: 'too-short' }, 'KIT_SESSION_SECRET'],
    ['fastify', { KIT_SESSION_SECRET: 'too-short' }, 'KIT_SESSION_SECRET'],
    ['express', { KIT_ENVIRONMENT_URL: 'https://auth.example.com' }, 'KIT_CLIENT_ID'],
    ['fastify', { PORT: 'eighty' }, 'PORT'],
    ['express', { KIT_ENVIRONMENT_URL: 'not a url' }, 'KIT_ENVIRONMENT_URL'],
  ] as const)('%s with %o exits 1 naming %s', async (framework, env, setting) => {
    const { code, output } = await runExample(framework, env)
    expect(code).toBe(1)
    expect(output).toContain(`Invalid configuration: ${setting}`)
  })
})

describe('example defaults', () => {
  it("match the emulator's demo client, so `pnpm demo` needs no credentials", () => {
    expect(EMULATOR_DEMO_DEFAULTS.clientId).toBe(DEMO_CLIENT_ID)
    expect(EMULATOR_DEMO_DEFAULTS.clientSecret).toBe(DEMO_CLIENT_SECRET)
    const config = loadExampleConfig({}, { defaultPort: 3000 })
    expect(config).toMatchObject({
      environmentUrl: 'http://localhost:4000',
      clientId: DEMO_CLIENT_ID,
      clientSecret: DEMO_CLIENT_SECRET,
      port: 3000,
      baseUrl: 'http://localhost:3000',
    })
  })

  it('take a hosted environment from the three KIT_ variables alone', () => {
    const config = loadExampleConfig(
      {
        KIT_ENVIRONMENT_URL: 'https://auth.example.com/',
        KIT_CLIENT_ID: 'skc_live',
        KIT_CLIENT_SECRET: 'live-secret',
      },
      { defaultPort: 3001 },
    )
    expect(config.environmentUrl).toBe('https://auth.example.com')
    expect(config.clientId).toBe('skc_live')
    expect(config.clientSecret).toBe('live-secret')
    // No emulator webhook secret leaks into a hosted setup.
    expect(config.webhookSecret).toBeUndefined()
  })
})
