// `req.auth` is an accessor on Express's request prototype that reads what kitExpress()
// recorded for the request (no property added to each request). It must read the same
// as a plain property would: null without a session, the identity with one, in mounted
// sub-apps too; an app may still assign it, and the guards never trust what it assigns.
import { BASE_URL, offlineKit, SESSION_SECRET } from '@kit/adapter-suite'
import { createTestSession } from '@kit/core/testing'
import type { Request } from 'express'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { kitExpress, requireAuth } from '../src/index.js'
import { expressVersions } from './frameworks.js'

describe.each(expressVersions)('req.auth ($name)', ({ express }) => {
  const app = express()
  app.use(kitExpress({ kit: offlineKit(), baseUrl: BASE_URL, session: { secret: SESSION_SECRET } }))
  const show = (req: Request) => ({
    auth: req.auth === null ? null : (req.auth?.user.id ?? 'undefined'),
    own: Object.hasOwn(req, 'auth'),
  })
  app.get('/whoami', (req, res) => res.json(show(req)))
  const sub = express()
  sub.get('/whoami', (req, res) => res.json(show(req)))
  app.use('/sub', sub)
  // An app (or another library) that assigns req.auth itself.
  app.get(
    '/forged',
    (req, _res, next) => {
      ;(req as { auth: unknown }).auth = { user: { id: 'usr_forged' }, roles: ['admin'] }
      next()
    },
    requireAuth(),
    (req, res) => res.json(show(req)),
  )
  app.get(
    '/reassigned',
    requireAuth(),
    (req, _res, next) => {
      ;(req as { auth: unknown }).auth = 'replaced'
      next()
    },
    (req, res) => res.json({ auth: req.auth, own: Object.hasOwn(req, 'auth') }),
  )
  const cookie = () => createTestSession({ secret: SESSION_SECRET, user: { id: 'usr_ada' } })

  it('is null without credentials and the identity with a session, with no own property', async () => {
    expect((await request(app).get('/whoami')).body).toEqual({ auth: null, own: false })
    const res = await request(app)
      .get('/whoami')
      .set('cookie', await cookie())
    expect(res.body).toEqual({ auth: 'usr_ada', own: false })
  })

  it('reads the same in a mounted sub-app', async () => {
    expect((await request(app).get('/sub/whoami')).body).toEqual({ auth: null, own: false })
    const res = await request(app)
      .get('/sub/whoami')
      .set('cookie', await cookie())
    expect(res.body).toEqual({ auth: 'usr_ada', own: false })
  })

  it('an assigned req.auth opens no guard, and an app may still assign it', async () => {
    const forged = await request(app).get('/forged').set('accept', 'application/json')
    expect(forged.status).toBe(401)
    const res = await request(app)
      .get('/reassigned')
      .set('cookie', await cookie())
    expect(res.body).toEqual({ auth: 'replaced', own: true })
  })

  it('adds no key to res.locals that templates or JSON would see', async () => {
    const probe = express()
    probe.use(
      kitExpress({ kit: offlineKit(), baseUrl: BASE_URL, session: { secret: SESSION_SECRET } }),
    )
    probe.get('/locals', (req, res) =>
      res.json({
        keys: Object.keys(res.locals),
        json: JSON.stringify(res.locals),
        auth: req.auth?.user.id,
      }),
    )
    const res = await request(probe)
      .get('/locals')
      .set('cookie', await cookie())
    expect(res.body).toEqual({ keys: [], json: '{}', auth: 'usr_ada' })
  })

  it('leaves the requests of an app without the kit alone', async () => {
    const other = express()
    other.get('/whoami', (req, res) => res.json(show(req)))
    expect((await request(other).get('/whoami')).body).toEqual({ auth: 'undefined', own: false })
  })
})
