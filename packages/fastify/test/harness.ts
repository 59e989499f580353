import { type AdapterHarness, guardFrom, type RunningApp } from '@kit/adapter-suite'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { appendSetCookies, kitFastify, sendWebResponse } from '../src/index.js'

/** Starts `app` on a free loopback port (closing it if that fails). */
async function listen(app: FastifyInstance): Promise<RunningApp> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() }
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
            ...(route.guard ? { preHandler: guardFrom(app, route.guard) } : {}),
            handler: async (request, reply) => {
              const out = route.reply({ auth: request.auth, body: request.body })
              if ('json' in out) return reply.send(out.json)
              return reply.type('text/plain').send(out.text)
            },
          })
        }
        return await listen(app)
      } catch (error) {
        await app.close().catch(() => undefined)
        throw error
      }
    },

    async serveResponses(routes) {
      const app = Fastify(fastifyOptions)
      for (const route of routes) {
        app.route({
          method: route.method,
          url: route.path,
          exposeHeadRoute: false,
          handler: async (_request, reply) => {
            if (route.appCookie) {
              reply.header('set-cookie', `${route.appCookie.name}=${route.appCookie.value}; Path=/`)
            }
            appendSetCookies(reply, route.kitCookies ?? [])
            return sendWebResponse(reply, route.response())
          },
        })
      }
      return listen(app)
    },
  }
}
