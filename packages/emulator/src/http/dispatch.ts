import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { RouteModule } from '../context.js'
import { newId } from '../util/ids.js'
import { isRequestError } from './errors.js'
import { sendApiError } from './send.js'

/**
 * Runs one request through the route modules in order until one answers. Nobody
 * answering gives a 404; a thrown `RequestError` its own 4xx; anything else a
 * logged 500. Every answer carries an `x-request-id`.
 */
export async function dispatchRequest(
  modules: RouteModule[],
  req: IncomingMessage,
  res: ServerResponse,
  log: (line: string) => void,
) {
  const method = req.method ?? 'GET'
  let url: URL
  try {
    url = new URL(req.url ?? '/', 'http://emulator.invalid')
  } catch {
    sendApiError(res, 400, 'INVALID_ARGUMENT', 'malformed request URL')
    return
  }
  // Every answer carries a request id, as the hosted API's do (clients surface it in errors).
  res.setHeader('x-request-id', newId('req'))
  try {
    for (const module of modules) {
      if (await module(req, res, url)) return
      if (res.headersSent || res.writableEnded) return
    }
    req.resume()
    sendApiError(res, 404, 'NOT_FOUND', `no route for ${method} ${url.pathname}`)
  } catch (error) {
    if (res.headersSent) {
      if (!isRequestError(error))
        log(`error after response started on ${method} ${url.pathname}: ${String(error)}`)
      res.destroy()
      return
    }
    if (isRequestError(error)) {
      sendApiError(
        res,
        error.status,
        error.code,
        error.message,
        [],
        error.status === 413 ? { connection: 'close' } : {},
      )
      return
    }
    log(`internal error on ${method} ${url.pathname}: ${(error as Error)?.stack ?? String(error)}`)
    sendApiError(res, 500, 'INTERNAL', 'internal emulator error')
  }
}

/** Starts listening, rejecting on errors such as EADDRINUSE. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}
