// Type-checked (not run) against the installed tarballs' ESM types: the adapters'
// augmentations reach `req.auth` / `request.auth`, and `Auth` is the real type, not `any`.
import { type Auth, KitClient } from '@kit/core'
import { defineGuards } from '@kit/core/adapter'
import { type Organization, paginate } from '@kit/core/management'
import { nodeRequestTarget } from '@kit/core/node'
import { signTestWebhook } from '@kit/core/testing'
import { kitExpress, requirePermission } from '@kit/express'
import { kitFastify } from '@kit/fastify'
import express from 'express'
import Fastify from 'fastify'

const kit = new KitClient({
  environmentUrl: 'http://127.0.0.1:4000',
  clientId: 'skc_demo_app',
  clientSecret: 'secret',
})

const app = express()
app.use(kitExpress({ kit, baseUrl: 'http://localhost:3000', session: { secret: 'x'.repeat(32) } }))
app.get('/admin', requirePermission('org:manage'), (req, res) => {
  const auth: Auth | null = req.auth
  // @ts-expect-error: the email is a string, so the types are real (an `any` would pass)
  const wrong: number | undefined = req.auth?.user.email
  res.json({ auth, wrong })
})

const server = Fastify()
await server.register(kitFastify, { kit, baseUrl: 'http://localhost:3001' })
server.get('/admin', { preHandler: server.requirePermission('org:manage') }, async (request) => {
  // @ts-expect-error: roles is string[]
  const wrong: number = request.auth?.roles
  return { email: request.auth?.user.email, wrong }
})

// The subpaths resolve to real types under NodeNext resolution too.
const target: string = nodeRequestTarget('/x')
// @ts-expect-error: paginate takes a list method, not a number
paginate(1)
const organization: Organization | undefined = undefined

export { defineGuards, organization, signTestWebhook, target }
