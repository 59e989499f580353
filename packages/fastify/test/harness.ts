import type { AdapterHarness } from '@kit/adapter-suite'
import type { Requirement } from '@kit/core'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { kitFastify } from '../src/index.js'

function guardFor(app: FastifyInstance, requirement: Requirement) {
  switch (requirement.kind) {
    case 'auth':
      return app.requireAuth()
    case 'permission':
      return app.requirePermission(...requirement.names)
    case 'role':
      return app.requireRole(...requirement.names)
    case 'organization':
      return app.requireOrganization(requirement.id)
  }
}

/**
 * The conformance harness: `kitFastify` registered with the given options, Fastify's own
 * JSON parser for the app's routes, each route with the matching guard as `preHandler`.
 * `fastifyOptions` (e.g. router options) are passed to `Fastify()`.
 */
export function fastifyHarness(fastifyOptions: FastifyServerOptions = {}): AdapterHarness {
  return {
    async start({ options, routes = [] }) {
      const app = Fastify(fastifyOptions)
      try {
        await app.register(kitFastify, options)
        for (const route of routes) {
          app.route({
            method: route.method,
            url: route.path,
            ...(route.guard ? { preHandler: guardFor(app, route.guard) } : {}),
            handler: async (request, reply) => {
              const out = route.reply({ auth: request.auth, body: request.body })
              if ('json' in out) return reply.send(out.json)
              return reply.type('text/plain').send(out.text)
            },
          })
        }
        await app.listen({ port: 0, host: '127.0.0.1' })
      } catch (error) {
        await app.close().catch(() => undefined)
        throw error
      }
      const address = app.server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      return { url: `http://127.0.0.1:${port}`, close: () => app.close() }
    },
  }
}
