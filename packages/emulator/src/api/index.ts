import type { ServerResponse } from 'node:http'
import type { EmulatorContext, RouteModule } from '../context.js'
import { isRequestError, readJson, sendApiError, sendJson } from '../http/index.js'
import { API_SCHEMA } from '../store/api-schema.js'
import { applySchema } from '../store/db.js'
import { authenticate } from './auth.js'
import { ApiError } from './errors.js'
import { serveLinkPage } from './link-pages.js'
import { createRouter } from './router.js'
import { API_ROUTES } from './routes.js'

/**
 * The management REST API (`/api/v1/*`) of the emulator, plus the pages behind the
 * links it hands out (`/portal/{token}`, `/connect/{token}`). Every `/api/v1/` call
 * needs a client_credentials bearer token of the environment (or application) client;
 * answers carry an `x-request-id`; errors use the `{ code, message, details }` shape.
 * Returns false for any other path so the next module can answer.
 *
 * @example
 * const api = createManagementServer(ctx)
 * if (await api(req, res, url)) return
 */
export function createManagementServer(ctx: EmulatorContext): RouteModule {
  applySchema(ctx.db, API_SCHEMA)
  const match = createRouter(API_ROUTES)
  return async (req, res, url) => {
    const path = url.pathname
    if (path.startsWith('/portal/') || path.startsWith('/connect/')) {
      return answer(res, {}, () => serveLinkPage(ctx, req, res, url))
    }
    if (!path.startsWith('/api/v1/')) return false
    const headers = { 'x-request-id': ctx.newId('req') }
    return answer(res, headers, async () => {
      const method = (req.method ?? 'GET').toUpperCase()
      await authenticate(ctx, req)
      const found = match(method, path)
      if (found.kind === 'not-found') {
        throw new ApiError(404, 'NOT_FOUND', `no route for ${method} ${path}`)
      }
      if (found.kind === 'method-not-allowed') {
        const allowed = found.allowed.join(', ')
        throw new ApiError(
          405,
          'METHOD_NOT_ALLOWED',
          `${method} is not allowed on ${path} (allowed: ${allowed})`,
        )
      }
      const body = method === 'GET' || method === 'HEAD' ? {} : await readJson(req)
      const call = { ctx, req, res, params: found.params, query: url.searchParams, body }
      const result = await found.route.handler(call)
      sendJson(res, 200, result ?? {}, headers)
      return true
    })
  }
}

/** Runs a handler, turning thrown errors into the API error shape (never a bare 500 page). */
async function answer(
  res: ServerResponse,
  headers: Record<string, string>,
  run: () => Promise<boolean>,
): Promise<boolean> {
  try {
    return await run()
  } catch (err) {
    if (res.headersSent) {
      res.destroy()
      return true
    }
    if (err instanceof ApiError) {
      sendApiError(res, err.status, err.code, err.message, err.details, { ...headers })
    } else if (isRequestError(err)) {
      sendApiError(res, err.status, err.code, err.message, [], { ...headers })
    } else {
      console.error('[emulator api]', err)
      sendApiError(res, 500, 'INTERNAL', 'internal error in the emulator management API', [], {
        ...headers,
      })
    }
    return true
  }
}
