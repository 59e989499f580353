import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
// The demo needs fixed ports, not port 0.
import { freePort } from '@kit/test-support'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

// Proves `pnpm demo` works from a fresh clone: no build, the emulator and both example
// apps start from their sources, answer, and stop cleanly.
describe('pnpm demo --smoke', () => {
  it('starts the emulator and the three examples, checks every URL, stops with exit code 0', async () => {
    const [emulator, express, fastify] = [await freePort(), await freePort(), await freePort()]
    const next = await freePort()
    const child = spawn(process.execPath, ['scripts/demo.mjs', '--smoke'], {
      cwd: ROOT,
      env: {
        ...process.env,
        KIT_DEMO_EMULATOR_PORT: String(emulator),
        KIT_DEMO_EXPRESS_PORT: String(express),
        KIT_DEMO_FASTIFY_PORT: String(fastify),
        KIT_DEMO_NEXT_PORT: String(next),
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
    })
    child.stderr.on('data', (chunk) => {
      output += chunk
    })
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(output).toContain('smoke: all checks passed')
    expect(output).toMatch(/\[emulator\] +kit emulator listening/)
    expect(output).toMatch(/\[express\] +Express example listening/)
    expect(output).toMatch(/\[fastify\] +Fastify example listening/)
    expect(output).toMatch(/\[next\] +.*Ready in/)
    expect(output).toContain('ok   next receives webhooks')
    expect(output).not.toContain('FAIL')
    expect(code, output).toBe(0)
  }, 240_000)
})
