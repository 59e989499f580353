import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { EmulatorHandle } from '../../src/index.js'
import { start, stopAll } from '../support/emulators.js'
import { call } from '../support/json-http.js'
import { waitFor } from '../support/receiver.js'

/** One answer of the endpoint: status, content type and body. */
type Answer = [status: number, contentType: string, body: string]

/** An endpoint answering with `answers` in order (the last repeats), like an app would. */
async function endpoint(answers: Answer[]): Promise<{ url: string; server: Server }> {
  let n = 0
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const [status, type, body] = answers[Math.min(n++, answers.length - 1)] as Answer
      res.writeHead(status, { 'content-type': type }).end(body)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  servers.push(server)
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`, server }
}

const servers: Server[] = []
const dir = mkdtempSync(join(tmpdir(), 'kit-emu-hook-code-'))
afterEach(async () => {
  await stopAll()
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    s.close()
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

type Row = { status: string; attempts: number; last_status: number; last_error_code: unknown }
const lastRow = (emu: EmulatorHandle) =>
  emu.ctx.db.prepare('SELECT * FROM webhook_deliveries ORDER BY rowid DESC').get() as Row

async function deliverOnce(emu: EmulatorHandle, attempts: number): Promise<Row> {
  emu.ctx.events.emit('organization.created', { id: 'org_1' }, { organizationId: 'org_1' })
  await waitFor(() => (lastRow(emu)?.attempts ?? 0) >= attempts)
  return lastRow(emu)
}

const kitAnswer = JSON.stringify({
  error: { code: 'invalid_webhook_signature', message: 'Webhook rejected: no signature matches' },
})

describe('the delivery log keeps the error code of the endpoint answer', () => {
  it('kit shape { error: { code } }: in the row, the controls list and the console', async () => {
    const hook = await endpoint([[401, 'application/json', kitAnswer]])
    const emu = await start({ webhookUrl: hook.url, webhookRetry: { pollMs: 10, maxAttempts: 1 } })
    const row = await deliverOnce(emu, 1)
    expect(row).toMatchObject({
      status: 'failed',
      last_status: 401,
      last_error_code: 'invalid_webhook_signature',
    })
    const log = await call(`${emu.url}/_emulator/webhooks/deliveries`)
    expect(log.json.deliveries[0]).toMatchObject({
      last_status: 401,
      last_error: 'HTTP 401',
      last_error_code: 'invalid_webhook_signature',
    })
    const consolePage = await (await fetch(`${emu.url}/`)).text()
    expect(consolePage).toContain('<code class="error-code">invalid_webhook_signature</code>')
  })

  it('OAuth-style { error: "..." } and API-style { code }; escaped in the console', async () => {
    const hook = await endpoint([
      [400, 'application/json', JSON.stringify({ error: 'invalid_request' })],
      [403, 'application/json', JSON.stringify({ code: '<b>PERMISSION_DENIED</b>' })],
    ])
    const emu = await start({ webhookUrl: hook.url, webhookRetry: { pollMs: 10, maxAttempts: 1 } })
    expect((await deliverOnce(emu, 1)).last_error_code).toBe('invalid_request')
    expect((await deliverOnce(emu, 1)).last_error_code).toBe('<b>PERMISSION_DENIED</b>')
    const consolePage = await (await fetch(`${emu.url}/`)).text()
    expect(consolePage).toContain('&lt;b&gt;PERMISSION_DENIED&lt;/b&gt;')
    expect(consolePage).not.toContain('<b>PERMISSION_DENIED</b>')
  })

  it('no code from a non-JSON answer; a later success clears it', async () => {
    const hook = await endpoint([
      [500, 'text/html', '<h1>Internal error</h1>'],
      [401, 'application/json', kitAnswer],
      [204, 'text/plain', ''],
    ])
    const emu = await start({
      webhookUrl: hook.url,
      webhookRetry: { pollMs: 10, baseDelayMs: 30, maxAttempts: 5 },
    })
    emu.ctx.events.emit('user.updated', { id: 'usr_1' })
    await waitFor(() => lastRow(emu)?.attempts === 1)
    expect(lastRow(emu)).toMatchObject({ last_status: 500, last_error_code: null })
    await waitFor(() => lastRow(emu)?.attempts === 2)
    expect(lastRow(emu).last_error_code).toBe('invalid_webhook_signature')
    await waitFor(() => lastRow(emu)?.status === 'delivered')
    expect(lastRow(emu)).toMatchObject({ last_status: 204, last_error_code: null })
  })

  it('a database created before the column gets it on start', async () => {
    const dbPath = join(dir, 'old.sqlite')
    await (await start({ dbPath })).stop()
    const old = new Database(dbPath)
    old.exec('ALTER TABLE webhook_deliveries DROP COLUMN last_error_code')
    old.close()
    const hook = await endpoint([[401, 'application/json', kitAnswer]])
    const emu = await start({
      dbPath,
      webhookUrl: hook.url,
      webhookRetry: { pollMs: 10, maxAttempts: 1 },
    })
    expect((await deliverOnce(emu, 1)).last_error_code).toBe('invalid_webhook_signature')
  })
})
