import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KitError } from '../../src/errors.js'
import { KitApiNotFoundError, paginate } from '../../src/management/index.js'
import { appKit, authorization, signInAtEmulator } from '../support/emulator.js'
import { addRows, type ManagementFixture, startManagementFixture } from './support/emulator.js'

let f: ManagementFixture

function sessionRow(id: string, userId: string, createdAt: string) {
  const data = {
    session_id: id,
    user_id: userId,
    organization_id: 'org_acme',
    authenticated_organizations: ['org_acme'],
    created_at: createdAt,
    updated_at: createdAt,
    last_active_at: createdAt,
    status: 'ACTIVE',
    device: { browser: 'Firefox', os: 'Linux', ip: '127.0.0.1', location: { city: 'Berlin' } },
  }
  return {
    id,
    user_id: userId,
    organization_id: 'org_acme',
    status: 'ACTIVE',
    data: JSON.stringify(data),
    create_time: createdAt,
    update_time: createdAt,
  }
}

beforeAll(async () => {
  f = await startManagementFixture()
  await addRows(f.emu, {
    user_sessions: [
      sessionRow('ses_a1', 'usr_alice', '2026-01-01T10:00:00.000Z'),
      sessionRow('ses_a2', 'usr_alice', '2026-02-01T10:00:00.000Z'),
      sessionRow('ses_a3', 'usr_alice', '2026-03-01T10:00:00.000Z'),
      sessionRow('ses_b1', 'usr_bob', '2026-01-01T10:00:00.000Z'),
    ],
  })
})
afterAll(async () => {
  await f?.emu.stop()
})

describe('sessions', () => {
  it('gets a session with its device', async () => {
    const s = await f.kit.sessions.getSession('ses_a1')
    expect(s).toMatchObject({ sessionId: 'ses_a1', userId: 'usr_alice', status: 'ACTIVE' })
    expect(s.device?.location?.city).toBe('Berlin')
    await expect(f.kit.sessions.getSession('ses_missing')).rejects.toBeInstanceOf(
      KitApiNotFoundError,
    )
  })

  it('lists a user’s sessions with filters and pages', async () => {
    const all = await f.kit.sessions.getUserSessions('usr_alice')
    expect(all.sessions.map((s) => s.sessionId)).toEqual(['ses_a1', 'ses_a2', 'ses_a3'])

    const ids: string[] = []
    for await (const s of paginate((o) => f.kit.sessions.getUserSessions('usr_alice', o), {
      pageSize: 2,
    })) {
      ids.push(s.sessionId)
    }
    expect(ids).toEqual(['ses_a1', 'ses_a2', 'ses_a3'])

    const window = await f.kit.sessions.getUserSessions('usr_alice', {
      filter: { startTime: new Date('2026-01-15T00:00:00Z'), endTime: '2026-02-15T00:00:00Z' },
    })
    expect(window.sessions.map((s) => s.sessionId)).toEqual(['ses_a2'])
  })

  it('revokes one session', async () => {
    const { revokedSession } = await f.kit.sessions.revokeSession('ses_a1')
    expect(revokedSession).toMatchObject({ sessionId: 'ses_a1', status: 'REVOKED' })
    expect((await f.kit.sessions.getSession('ses_a1')).status).toBe('REVOKED')
    const active = await f.kit.sessions.getUserSessions('usr_alice', {
      filter: { status: ['ACTIVE'] },
    })
    expect(active.sessions.map((s) => s.sessionId)).toEqual(['ses_a2', 'ses_a3'])
  })

  it('revokes every session of a user', async () => {
    const { revokedSessions, totalRevoked } =
      await f.kit.sessions.revokeAllUserSessions('usr_alice')
    expect(totalRevoked).toBe(2)
    expect(revokedSessions.map((s) => s.sessionId).sort()).toEqual(['ses_a2', 'ses_a3'])
    expect((await f.kit.sessions.getSession('ses_b1')).status).toBe('ACTIVE')
  })
})

describe('sessions of a real login', () => {
  const redirect = 'http://localhost:3000/auth/callback'

  it('lists a browser login as a session, and revoking it ends its refresh token', async () => {
    const app = appKit(f.emu)
    const { url, codeVerifier, nonce } = await authorization(app, redirect)
    const code = (await signInAtEmulator(f.emu, url, 'carol@globex.test')).searchParams.get('code')!
    const login = await app.authenticateWithCode(code, redirect, { codeVerifier, nonce })
    const sid = String((await app.validateToken(login.accessToken)).sid)
    expect(sid).not.toBe('undefined')

    const { sessions } = await f.kit.sessions.getUserSessions('usr_carol', {
      filter: { status: ['ACTIVE'] },
    })
    expect(sessions.map((s) => s.sessionId)).toEqual([sid])
    const details = await f.kit.sessions.getSession(sid)
    expect(details).toMatchObject({ sessionId: sid, userId: 'usr_carol', status: 'ACTIVE' })

    await f.kit.sessions.revokeSession(sid)
    const err = await app.refreshAccessToken(login.refreshToken!).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(KitError)
    expect((err as KitError).code).toBe('ERR_KIT_INVALID_GRANT')
  })
})
