import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AdapterHarness, RouteReply } from '@kit/adapter-suite'
import type { Requirement } from '@kit/core'
import type { RequestHandler, Response } from 'express'
import {
  kitExpress,
  requireAuth,
  requireOrganization,
  requirePermission,
  requireRole,
} from '../src/index.js'
import type { expressVersions } from './frameworks.js'

type ExpressFactory = (typeof expressVersions)[number]['express']

function guardFor(requirement: Requirement): RequestHandler {
  switch (requirement.kind) {
    case 'auth':
      return requireAuth()
    case 'permission':
      return requirePermission(...requirement.names)
    case 'role':
      return requireRole(...requirement.names)
    case 'organization':
      return requireOrganization(requirement.id)
  }
}

function sendReply(res: Response, reply: RouteReply): void {
  if ('json' in reply) res.json(reply.json)
  else res.type('text/plain').send(reply.text)
}

/**
 * The conformance harness for one Express major: `kitExpress(options)` first, then the
 * app's own `express.json()`, then each route behind the matching guard middleware.
 */
export function expressHarness(express: ExpressFactory): AdapterHarness {
  return {
    async start({ options, routes = [] }) {
      const app = express()
      app.use(kitExpress(options))
      app.use(express.json())
      for (const route of routes) {
        const guards = route.guard ? [guardFor(route.guard)] : []
        const method = route.method === 'GET' ? 'get' : 'post'
        app[method](route.path, ...guards, (req, res) => {
          sendReply(res, route.reply({ auth: req.auth, body: req.body }))
        })
      }
      const server = createServer(app)
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      const { port } = server.address() as AddressInfo
      return {
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((resolve, reject) => {
            server.closeAllConnections()
            server.close((err) => (err ? reject(err) : resolve()))
          }),
      }
    },
  }
}
