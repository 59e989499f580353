import { afterEach, describe, expect, it } from 'vitest'
import { start, stopAll } from '../support/emulators.js'
import { call } from '../support/json-http.js'

afterEach(stopAll)

const count = (emu: Awaited<ReturnType<typeof start>>, table: string) =>
  (emu.ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

describe('fault injection', () => {
  it('answers matching requests with the status and API error shape, `times` times', async () => {
    const emu = await start()
    const added = await call(`${emu.url}/_emulator/faults`, 'POST', {
      route: 'GET /_health-probe',
      status: 503,
      times: 2,
    })
    expect(added.status).toBe(201)
    for (let i = 0; i < 2; i++) {
      const r = await call(`${emu.url}/_health-probe/x`)
      expect(r.status).toBe(503)
      expect(r.json).toMatchObject({ code: 'UNAVAILABLE', details: [] })
    }
    expect((await call(`${emu.url}/_health-probe/x`)).status).not.toBe(503)
  })

  it('matches the method and path prefix', async () => {
    const emu = await start()
    await call(`${emu.url}/_emulator/faults`, 'POST', { route: 'POST /probe', status: 500 })
    expect((await call(`${emu.url}/probe`, 'GET')).status).not.toBe(500)
    expect((await call(`${emu.url}/other`, 'POST')).status).not.toBe(500)
    expect((await call(`${emu.url}/probe/deep`, 'POST')).status).toBe(500)
  })

  it('sends 429 with Retry-After', async () => {
    const emu = await start()
    emu.faults.add({ route: '/api/v1/organizations', status: 429, retryAfter: 7 })
    const r = await call(`${emu.url}/api/v1/organizations`)
    expect(r.status).toBe(429)
    expect(r.headers.get('retry-after')).toBe('7')
    expect(r.json.code).toBe('RESOURCE_EXHAUSTED')
  })

  it('adds latency without changing the answer', async () => {
    const emu = await start()
    const before = Date.now()
    await call(`${emu.url}/_emulator/faults`, 'POST', {
      route: 'GET /mailbox',
      latencyMs: 300,
      times: 1,
    })
    const r = await fetch(`${emu.url}/mailbox`)
    expect(r.status).toBe(200)
    expect(Date.now() - before).toBeGreaterThanOrEqual(290)
    const again = Date.now()
    await fetch(`${emu.url}/mailbox`)
    expect(Date.now() - again).toBeLessThan(290)
  })

  it('never affects the controls, lists and clears faults', async () => {
    const emu = await start()
    await call(`${emu.url}/_emulator/faults`, 'POST', { route: '/', status: 500 })
    expect((await call(`${emu.url}/`)).status).toBe(500)
    const list = await call(`${emu.url}/_emulator/faults`)
    expect(list.status).toBe(200)
    expect(list.json.faults).toHaveLength(1)
    expect((await call(`${emu.url}/_emulator/faults`, 'DELETE')).status).toBe(200)
    expect((await call(`${emu.url}/`)).status).toBe(200)
    expect(emu.faults.list()).toEqual([])
  })

  it('rejects invalid faults with 400 naming the field', async () => {
    const emu = await start()
    for (const [body, field] of [
      [{ status: 500 }, 'route'],
      [{ route: 'nope', status: 500 }, 'route'],
      [{ route: '/x', status: 99 }, 'status'],
      [{ route: '/x', status: 500, times: 0 }, 'times'],
      [{ route: '/x', latencyMs: -1 }, 'latencyMs'],
      [{ route: '/x' }, 'status'],
    ] as const) {
      const r = await call(`${emu.url}/_emulator/faults`, 'POST', body)
      expect(r.status).toBe(400)
      expect(r.json.message).toContain(field)
    }
  })
})

describe('clock offset', () => {
  it('shifts ctx.now() and is reported by the clock control', async () => {
    const emu = await start()
    const r = await call(`${emu.url}/_emulator/clock`, 'POST', { offsetSeconds: 7200 })
    expect(r.status).toBe(200)
    expect(r.json.offset_seconds).toBe(7200)
    expect(emu.ctx.now() - Date.now()).toBeGreaterThan(7_190_000)
    expect(Date.parse(r.json.now) - Date.now()).toBeGreaterThan(7_190_000)
    emu.setClockOffset(-60)
    expect((await call(`${emu.url}/_emulator/clock`)).json.offset_seconds).toBe(-60)
    expect(emu.ctx.now()).toBeLessThan(Date.now() - 55_000)
  })

  it('stamps times written by the emulator with the shifted clock', async () => {
    const emu = await start()
    emu.setClockOffset(86_400 * 365)
    emu.ctx.mailbox.send({ to: 'a@b.test', kind: 'notification', subject: 's', body: 'b' })
    const [mail] = emu.mailbox('a@b.test')
    expect(new Date(mail!.create_time).getUTCFullYear()).toBeGreaterThan(
      new Date().getUTCFullYear(),
    )
  })
})

describe('reset, seed, export and import', () => {
  it('reset wipes changes and re-seeds the start seed', async () => {
    const emu = await start()
    emu.ctx.db.prepare("DELETE FROM users WHERE email = 'bob@acme.test'").run()
    emu.ctx.mailbox.send({ to: 'x@y.test', kind: 'notification', subject: 's', body: 'b' })
    // the default seed has four users: alice, bob, carol and erin (two organizations)
    expect(count(emu, 'users')).toBe(3)
    const r = await call(`${emu.url}/_emulator/reset`, 'POST', {})
    expect(r.status).toBe(200)
    expect(count(emu, 'users')).toBe(4)
    expect(count(emu, 'mailbox')).toBe(0)
    expect(emu.clientId).toBe('skc_demo_app')
  })

  it('seed adds data; a conflicting seed is a 409 and changes nothing', async () => {
    const emu = await start()
    const seed = {
      organizations: [
        {
          display_name: 'Initech',
          external_id: 'initech',
          users: [{ email: 'peter@initech.test', roles: ['member'] }],
        },
      ],
    }
    const r = await call(`${emu.url}/_emulator/seed`, 'POST', seed)
    expect(r.status).toBe(200)
    expect(count(emu, 'organizations')).toBe(3)
    const again = await call(`${emu.url}/_emulator/seed`, 'POST', seed)
    expect(again.status).toBe(409)
    expect(again.json.code).toBe('ALREADY_EXISTS')
    expect(count(emu, 'organizations')).toBe(3)
    expect(count(emu, 'users')).toBe(5)
  })

  it('seed with replace=true resets to exactly that seed', async () => {
    const emu = await start()
    const r = await call(`${emu.url}/_emulator/seed?replace=true`, 'POST', {
      organizations: [{ display_name: 'Solo' }],
      clients: [],
    })
    expect(r.status).toBe(200)
    expect(count(emu, 'organizations')).toBe(1)
    expect(count(emu, 'users')).toBe(0)
    expect(emu.clientId).toBe('')
  })

  it('a failing replace seed leaves the data untouched', async () => {
    const emu = await start()
    const before = emu.exportData().tables
    const r = await call(`${emu.url}/_emulator/seed?replace=true`, 'POST', {
      organizations: [
        { display_name: 'Dup', id: 'org_same' },
        { display_name: 'Dup 2', id: 'org_same' },
      ],
    })
    expect(r.status).toBe(409)
    expect(emu.exportData().tables).toEqual(before)
    expect(emu.clientId).toBe('skc_demo_app')
  })

  it('rejects an invalid seed with 400 naming the field', async () => {
    const emu = await start()
    const r = await call(`${emu.url}/_emulator/seed`, 'POST', {
      organizations: [{ display_name: 'A', users: [{ email: 'no-at' }] }],
    })
    expect(r.status).toBe(400)
    expect(r.json.message).toContain('organizations[0].users[0].email')
  })

  it('export then import restores the data exactly', async () => {
    const emu = await start()
    emu.ctx.mailbox.send({
      to: 'keep@acme.test',
      kind: 'magic_link',
      subject: 'Sign in',
      body: 'link',
      data: { link: 'http://x' },
    })
    const exported = await call(`${emu.url}/_emulator/export`)
    expect(exported.status).toBe(200)
    expect(exported.json.format).toBe('kit-emulator-export')
    expect(exported.json.tables.signing_keys).toBeUndefined()
    await emu.reset()
    await emu.seed({ organizations: [{ display_name: 'Temp' }] })
    expect(count(emu, 'mailbox')).toBe(0)
    const imported = await call(`${emu.url}/_emulator/import`, 'POST', exported.json)
    expect(imported.status).toBe(200)
    const after = await call(`${emu.url}/_emulator/export`)
    expect(after.json.tables).toEqual(exported.json.tables)
    expect(emu.mailbox('keep@acme.test')[0]?.data).toEqual({ link: 'http://x' })
  })

  it('refuses a bad import atomically', async () => {
    const emu = await start()
    const good = emu.exportData()
    const bad = structuredClone(good)
    bad.tables.memberships!.push({
      organization_id: 'org_missing',
      user_id: 'usr_alice',
      roles: '[]',
      status: 'ACTIVE',
      data: '{}',
      create_time: 'x',
    })
    const r = await call(`${emu.url}/_emulator/import`, 'POST', bad)
    expect(r.status).toBe(400)
    expect(r.json.message).toMatch(/reference/)
    expect((await call(`${emu.url}/_emulator/import`, 'POST', { tables: {} })).status).toBe(400)
    const unknownTable = { ...good, tables: { nope: [] } }
    expect(
      (await call(`${emu.url}/_emulator/import`, 'POST', unknownTable)).json.message,
    ).toContain('nope')
    expect(emu.exportData().tables).toEqual(good.tables)
  })

  it('health answers ok', async () => {
    const emu = await start()
    const r = await call(`${emu.url}/_emulator/health`)
    expect(r.status).toBe(200)
    expect(r.json.status).toBe('ok')
  })
})
