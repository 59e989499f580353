import { createServer, type RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  type AdapterHarness,
  guardFrom,
  type RouteReply,
  type RunningApp,
} from '@kit/adapter-suite'
import type { Response } from 'express'
import * as adapter from '../src/index.js'
import type { expressVersions } from './frameworks.js'

type ExpressFactory = (typeof expressVersions)[number]['express']

function sendReply(res: Response, reply: RouteReply): void {
  if ('json' in reply) res.json(reply.json)
  else res.type('text/plain').send(reply.text)
}

/** Serves `app` on a free loopback port. */
async function listen(app: RequestListener): Promise<RunningApp> {
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
}

/**
 * The conformance harness for one Express major: `kitExpress(options)` first, then the
 * app's own `express.json()`, then each route behind the matching guard middleware.
 */
export function expressHarness(express: ExpressFactory): AdapterHarness {
  return {
    async start({ options, routes = [] }) {
      const app = express()
      app.use(adapter.kitExpress(options))
      app.use(express.json())
      for (const route of routes) {
        const guards = route.guard ? [guardFrom(adapter, route.guard)] : []
        const method = route.method === 'GET' ? 'get' : 'post'
        app[method](route.path, ...guards, (req, res) => {
          sendReply(res, route.reply({ auth: req.auth, body: req.body }))
        })
      }
      return listen(app)
    },

    async serveResponses(routes) {
      const app = express()
      for (const route of routes) {
        const method = route.method === 'GET' ? 'get' : route.method === 'POST' ? 'post' : 'head'
        app[method](route.path, async (req, res, next) => {
          if (route.appCookie) res.cookie(route.appCookie.name, route.appCookie.value)
          adapter.appendSetCookies(res, route.kitCookies ?? [])
          await adapter.sendWebResponse(res, route.response(), req.method).catch(next)
        })
      }
      return listen(app)
    },
  }
}
