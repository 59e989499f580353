// An ESM Fastify app outside the monorepo, from the installed tarballs only.

import { kitFastify } from '@kit/fastify'
import Fastify from 'fastify'

const app = Fastify()
await app.register(kitFastify)
app.get('/me', { preHandler: app.requireAuth() }, async (request) => ({
  email: request.auth.user.email,
  framework: 'fastify',
  module: 'esm',
  node: process.version,
  resolved: import.meta.resolve('@kit/fastify'),
}))
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
console.log(`listening on ${process.env.KIT_BASE_URL}`)
