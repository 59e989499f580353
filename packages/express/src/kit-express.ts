import { type Auth, createKitRoutes, type KitAuthentication, type KitRequestLike } from '@kit/core'
import {
  bodyErrorResponse,
  type KitEnvConfig,
  resolveEnvConfig,
  routeFailureOf,
} from '@kit/core/adapter'
import { peekNodeAuthentication, retainNextTickShape } from '@kit/core/node'
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { readRawBody } from './raw-body.js'
import { requestTarget, toKitRequestLike, toWebRequest } from './request-translator.js'
import { appendResponseHeaders, sendWebResponse } from './response-translator.js'
import { ensureAuthAccessor, type KitRequestState, setRequestState } from './state.js'

/**
 * Options of `kitExpress()`: the core route configuration (anything required but not
 * given is read from `KIT_*` environment variables) plus Express-only hooks.
 */
export interface KitExpressOptions extends KitEnvConfig {
  /**
   * Called when the kit's routes fail unexpectedly (or a request body cannot be read),
   * when a sign-in callback fails (a `KitError`: `ERR_KIT_STATE_MISMATCH`, the code
   * exchange's error, the identity provider's `error`), and when the start-up check
   * fails in `checkSetupOnStart: 'fail'` mode. Send a response to take over; otherwise
   * the kit answers known failures itself (the callback's error page, a JSON error) and
   * hands anything else to Express's error handling (`next(err)`).
   */
  onError?: (err: unknown, req: Request, res: Response) => void | Promise<void>
}

let warned = false

/** A mounting mistake is the developer's to fix: say so once in the logs, not per request. */
function warnOnce(message: string): void {
  if (warned) return
  warned = true
  process.emitWarning(message, { code: 'ERR_KIT_BODY_CONSUMED' })
}

/**
 * The kit path a request target is for (the path itself, or followed by a query), or
 * undefined. Compared in place: most requests are for the app's own pages, and slicing
 * out their path only to look it up would allocate on every one.
 */
function kitPathOf(target: string, kitPaths: readonly string[]): string | undefined {
  for (const path of kitPaths) {
    if (
      target.startsWith(path) &&
      (target.length === path.length || target.charCodeAt(path.length) === QUESTION_MARK)
    ) {
      return path
    }
  }
  return undefined
}

const QUESTION_MARK = 0x3f

async function fail(
  err: unknown,
  req: Request,
  res: Response,
  next: NextFunction,
  onError: KitExpressOptions['onError'],
): Promise<void> {
  if (onError) {
    try {
      await onError(err, req, res)
    } catch (hookError) {
      next(hookError)
      return
    }
  }
  if (res.headersSent) {
    if (!res.writableEnded) res.destroy()
    return
  }
  const response = bodyErrorResponse(err)
  if (response === null) {
    next(err)
    return
  }
  if (!onError && (err as { code?: unknown }).code === 'ERR_KIT_BODY_CONSUMED') {
    warnOnce((err as Error).message)
  }
  await sendWebResponse(res, response, req.method).catch(next)
}

/**
 * Mounts the kit in an Express 4 or 5 app: serves the login, callback, logout and
 * webhook routes (webhook bodies read as raw bytes), and reads the session on every
 * other request so `req.auth` is `Auth | null` for the guards and handlers after it.
 * A refreshed session's cookies are added to the response. Invalid options throw here,
 * at start-up, with the setting named; the start-up check (`checkSetupOnStart`, default
 * `'warn'`) logs what is wrong with the environment settings, and with `'fail'` requests
 * fail with `ERR_KIT_CONFIG` until it passed.
 *
 * Mount it before any body parser so the kit can read webhook bodies itself.
 *
 * @example
 * ```ts
 * app.use(kitExpress({ kit, baseUrl: 'https://app.example.com', session: { secret } }))
 * app.use(express.json())
 * app.get('/admin', requirePermission('org:manage'), (req, res) => res.json(req.auth))
 * ```
 */
export function kitExpress(options: KitExpressOptions = {}): RequestHandler {
  const { onError, ...given } = options
  const config = resolveEnvConfig(given, process.env)
  const routes = createKitRoutes(config)
  retainNextTickShape()
  const { origin, endpoints } = routes
  const kitPaths = [...new Set(endpoints.map((e) => e.path))]

  /** Serves one of the kit's own routes; other requests fall through to `next`. */
  async function serveKitRoute(req: Request, res: Response, next: NextFunction, path: string) {
    const method = (req.method ?? 'GET').toUpperCase()
    // Any method on a kit path goes to core (which answers 405 to the wrong one); the
    // body is read only for a route that takes one, and never past its limit.
    const endpoint = endpoints.find((e) => e.path === path && e.method === method && e.body)
    const body = endpoint ? await readRawBody(req, { limit: endpoint.maxBodyBytes }) : undefined
    const response = await routes.handle(toWebRequest(req, origin, body))
    if (!response) return authenticateThenNext(toKitRequestLike(req, origin), res, next)
    const failure = onError ? routeFailureOf(response) : undefined
    if (failure) {
      try {
        await onError!(failure, req, res)
      } catch (hookError) {
        return next(hookError)
      }
      if (res.headersSent) return
    }
    await sendWebResponse(res, response, method)
  }

  async function authenticateThenNext(view: KitRequestLike, res: Response, next: NextFunction) {
    apply(res, await routes.authenticate(view))
    next()
  }

  // Signed-out requests all share one frozen state: nothing to allocate on a public route.
  const anonymousState: KitRequestState = Object.freeze({ routes, origin, auth: null })

  function signedOut(res: Response): void {
    setRequestState(res, anonymousState)
  }

  // One state per identity (core shares one frozen identity among the requests of a
  // session), so a signed-in request allocates nothing either.
  const signedInStates = new WeakMap<Auth, KitRequestState>()
  function apply(res: Response, result: KitAuthentication) {
    const auth = result.auth
    if (auth === null) signedOut(res)
    else {
      let state = signedInStates.get(auth)
      if (state === undefined) {
        state = Object.freeze({ routes, origin, auth })
        signedInStates.set(auth, state)
      }
      setRequestState(res, state)
    }
    if (result.responseHeaders.length > 0) appendResponseHeaders(res, result.responseHeaders)
  }

  // Until the start-up check settles ('fail' mode), requests wait for it; a failed check
  // fails every request with its message. Otherwise `pending` is cleared at once.
  let pending: Promise<void> | undefined = routes.ready
  routes.ready.then(
    () => {
      pending = undefined
    },
    () => {},
  )

  // Deliberately not an async function: the common request (no credentials, or a session
  // already unsealed here) is answered synchronously by `peekNodeAuthentication`, with no
  // promise on the way to the app's handler.
  return function kitExpressMiddleware(req, res, next) {
    if (pending !== undefined) {
      pending.then(
        () => serve(req, res, next),
        (err) => fail(err, req, res, next, onError),
      )
      return
    }
    serve(req, res, next)
  }

  // One state store per request on the synchronous path: signed out, or the session's
  // identity. Anything slower starts signed out, so a guard after a failure denies.
  function serve(req: Request, res: Response, next: NextFunction): void {
    ensureAuthAccessor(req)
    try {
      const path = kitPathOf(requestTarget(req), kitPaths)
      if (path !== undefined) {
        signedOut(res)
        serveKitRoute(req, res, next, path).catch((err) => fail(err, req, res, next, onError))
        return
      }
      const quick = peekNodeAuthentication(routes, req)
      if (quick === undefined) {
        signedOut(res)
        authenticateThenNext(toKitRequestLike(req, origin), res, next).catch((err) =>
          fail(err, req, res, next, onError),
        )
        return
      }
      apply(res, quick)
    } catch (err) {
      signedOut(res)
      void fail(err, req, res, next, onError)
      return
    }
    next()
  }
}
