import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { DEMO_ENVIRONMENT_CLIENT_SECRET } from '../../src/index.js'
import { start, stopAll } from '../support/emulators.js'
import { api, call } from '../support/json-http.js'
import { clientCredentialsToken } from '../support/management.js'
import { startReceiver, waitFor } from '../support/receiver.js'

const dir = mkdtempSync(join(tmpdir(), 'kit-emu-persist-'))
afterEach(stopAll)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))

/** Spawns the CLI on a free port and resolves with its URL once it prints it. */
function spawnCli(
  args: string[],
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@kit/source',
      '--import',
      'tsx',
      'packages/emulator/src/cli.ts',
      '--port',
      '0',
      ...args,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  child.stdout!.on('data', (c) => {
    out += c
  })
  child.stderr!.on('data', (c) => {
    out += c
  })
  return new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start: ${out}`)), 30_000)
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolveUrl({ child, url: m[1]!, output: () => out })
      }
    }
    child.stdout!.on('data', check)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`CLI exited with ${code}: ${out}`))
    })
  })
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) r()
    else child.once('exit', () => r())
  })
}

describe('file database persistence', () => {
  it('keeps data across stop and start, and does not re-seed', async () => {
    const dbPath = join(dir, 'restart.sqlite')
    const first = await start({ dbPath })
    await first.seed({
      organizations: [{ display_name: 'Persisted Inc', external_id: 'persisted' }],
    })
    first.ctx.db.prepare("DELETE FROM users WHERE email = 'bob@acme.test'").run()
    const envId = first.environmentId
    await first.stop()
    const second = await start({ dbPath })
    const orgs = second.ctx.db
      .prepare('SELECT external_id FROM organizations ORDER BY external_id')
      .all()
    expect(orgs).toEqual([
      { external_id: 'acme' },
      { external_id: 'globex' },
      { external_id: 'persisted' },
    ])
    expect(
      second.ctx.db.prepare("SELECT 1 FROM users WHERE email = 'bob@acme.test'").get(),
    ).toBeUndefined()
    expect(second.environmentId).toBe(envId)
    expect(second.clientId).toBe('skc_demo_app')
  })

  it('resumes pending webhook deliveries after a restart', async () => {
    const dbPath = join(dir, 'webhooks.sqlite')
    const hook = await startReceiver({ statuses: [500, 204] })
    try {
      const opts = { dbPath, webhookUrl: hook.url, webhookRetry: { pollMs: 20, baseDelayMs: 800 } }
      const first = await start(opts)
      const secret = first.webhookSecret
      first.ctx.events.emit('organization.updated', { id: 'org_acme' })
      await waitFor(() => hook.received.length === 1)
      await first.flushWebhooks()
      await first.stop()
      const second = await start(opts)
      expect(second.webhookSecret).toBe(secret)
      await waitFor(() => hook.received.length === 2)
      expect(hook.received[1]!.headers['webhook-id']).toBe(hook.received[0]!.headers['webhook-id'])
      await second.flushWebhooks()
      const row = second.ctx.db.prepare('SELECT status, attempts FROM webhook_deliveries').get()
      expect(row).toEqual({ status: 'delivered', attempts: 2 })
      await second.stop()
      expect(second.ctx.db.open).toBe(false)
      await second.stop()
    } finally {
      await hook.close()
    }
  })

  it('loses no acknowledged write when the process is killed with SIGKILL', async () => {
    const dbPath = join(dir, 'sigkill.sqlite')
    const first = await spawnCli(['--db', dbPath])
    try {
      expect(first.output()).toContain('KIT_CLIENT_ID=skc_demo_app')
      const writes = Array.from({ length: 20 }, (_, i) => ({
        display_name: `Durable ${i}`,
        external_id: `durable-${i}`,
      }))
      for (const org of writes) {
        const r = await call(`${first.url}/_emulator/seed`, 'POST', { organizations: [org] })
        expect(r.status).toBe(200)
      }
      const token = await clientCredentialsToken(
        first.url,
        'skc_demo_env',
        DEMO_ENVIRONMENT_CLIENT_SECRET,
      )
      const viaApi = await api(first.url, token, 'POST', '/api/v1/organizations', {
        display_name: 'Written through the API',
        external_id: 'durable-api',
      })
      expect(viaApi.status).toBe(200)
      first.child.kill('SIGKILL')
      await killed(first.child)
      expect(first.child.signalCode).toBe('SIGKILL')
    } finally {
      first.child.kill('SIGKILL')
    }
    const second = await spawnCli(['--db', dbPath])
    try {
      const exported = await call(`${second.url}/_emulator/export`)
      const ids = (exported.json.tables.organizations as { external_id: string }[]).map(
        (o) => o.external_id,
      )
      for (let i = 0; i < 20; i++) expect(ids).toContain(`durable-${i}`)
      expect(ids).toContain('durable-api')
    } finally {
      second.child.kill('SIGTERM')
      await killed(second.child)
    }
  }, 90_000)

  it('stops cleanly on SIGTERM', async () => {
    const cli = await spawnCli(['--memory'])
    cli.child.kill('SIGTERM')
    await killed(cli.child)
    expect(cli.child.exitCode).toBe(0)
  }, 60_000)
})
