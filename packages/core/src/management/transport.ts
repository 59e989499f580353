import { KitError } from '../errors.js'
import {
  errorForStatus,
  KitApiError,
  KitApiNetworkError,
  KitApiTimeoutError,
  KitInvalidArgumentError,
} from './errors.js'
import {
  backoffDelay,
  isRetryableNetworkError,
  isRetryableStatus,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  sleep,
} from './retry-policy.js'

/**
 * Per-call controls accepted in the trailing options object of every management method.
 *
 * @example
 * ```ts
 * const ac = new AbortController()
 * await kit.users.getUser('usr_123', { signal: ac.signal, timeoutMs: 5_000 })
 * ```
 */
export interface RequestOptions {
  /** Aborts the call (including backoff waits); the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined
  /** Budget for the whole call, retries and waits included; overrides the API-wide default. */
  timeoutMs?: number | undefined
}

/** Settings of the management API client, shared by every resource group. */
export interface ManagementApiOptions {
  /** Base URL of the environment, e.g. `https://acme.scalekit.dev` or the emulator's `url`. */
  environmentUrl: string
  /**
   * Returns a bearer token for the management API (client_credentials). The caller
   * caches it; the transport asks again with `forceRefresh: true` once after a 401.
   */
  getAccessToken(opts?: { forceRefresh?: boolean }): Promise<string>
  /** fetch implementation (defaults to the global one), e.g. to add a proxy or tracing. */
  fetch?: typeof fetch | undefined
  /** Default budget per call in ms (default 30 000). */
  timeoutMs?: number | undefined
  /** Retries after the first attempt for retryable failures (default 3). */
  maxRetries?: number | undefined
  /** `user-agent` header value (ignored by browsers). */
  userAgent?: string | undefined
}

/** Query values; arrays become repeated keys, `undefined`/`null` are left out, Dates become RFC 3339. */
export type QueryValue = string | number | boolean | Date | readonly string[] | undefined | null

/** One HTTP call of a resource group, before token, retries and error mapping. */
export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Path below the environment URL, built with `fillPath` (ids encoded and checked). */
  path: string
  query?: Record<string, QueryValue>
  /** JSON body, already in wire (snake_case) form. */
  body?: unknown
}

/** The single way resource groups talk to the API. */
export interface Transport {
  /** Sends the request and resolves with the parsed JSON body (undefined when empty). */
  request(req: ApiRequest, opts?: RequestOptions): Promise<unknown>
}

const DEFAULT_TIMEOUT_MS = 30_000
const DEFAULT_MAX_RETRIES = 3
const DEFAULT_USER_AGENT = 'kit-core'
/** Largest delay setTimeout accepts (2^31 - 1 ms); longer budgets are clamped to it. */
const MAX_TIMER_MS = 2_147_483_647

function validate(options: ManagementApiOptions): void {
  if (!options || typeof options !== 'object') {
    throw new KitError('ERR_KIT_CONFIG', 'createManagementApi: options are required')
  }
  try {
    const url = new URL(options.environmentUrl)
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('protocol')
  } catch {
    throw new KitError(
      'ERR_KIT_CONFIG',
      `createManagementApi: environmentUrl must be an http(s) URL, got ${JSON.stringify(options.environmentUrl)}`,
    )
  }
  if (typeof options.getAccessToken !== 'function') {
    throw new KitError('ERR_KIT_CONFIG', 'createManagementApi: getAccessToken must be a function')
  }
  const { timeoutMs, maxRetries } = options
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new KitError('ERR_KIT_CONFIG', 'createManagementApi: timeoutMs must be a positive number')
  }
  if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0)) {
    throw new KitError('ERR_KIT_CONFIG', 'createManagementApi: maxRetries must be an integer >= 0')
  }
}

function buildUrl(base: string, basePath: string, req: ApiRequest): string {
  const url = new URL(base + req.path)
  // fillPath keeps ids inside their segments; this catches any path built another way
  // that URL parsing would rewrite (dot segments, a stray `?` or `#`), so the server
  // always sees the route the caller named.
  if (url.pathname !== basePath + req.path) {
    throw new KitInvalidArgumentError({
      parameter: 'path',
      value: req.path,
      route: req.path,
      problem: `changes when parsed as a URL (to ${url.pathname})`,
      fix: 'Build paths with fillPath so each id stays in its own segment',
    })
  }
  for (const [key, value] of Object.entries(req.query ?? {})) {
    if (value === undefined || value === null) continue
    if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, v)
    else if (value instanceof Date) url.searchParams.append(key, value.toISOString())
    else url.searchParams.append(key, String(value))
  }
  return url.toString()
}

function requestIdOf(res: Response): string | undefined {
  return res.headers.get('request-id') ?? res.headers.get('x-request-id') ?? undefined
}

async function parseSuccess(res: Response, label: string): Promise<unknown> {
  const text = await res.text()
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new KitApiError('ERR_KIT_API', {
      status: res.status,
      message: `${label}: response body is not JSON`,
      requestId: requestIdOf(res),
      cause: err,
    })
  }
}

async function errorFromResponse(res: Response, label: string): Promise<KitApiError> {
  const text = await res.text().catch(() => '')
  let body: { code?: unknown; message?: unknown; details?: unknown } | undefined
  try {
    const parsed: unknown = JSON.parse(text)
    if (parsed && typeof parsed === 'object') body = parsed as typeof body
  } catch {
    body = undefined
  }
  const apiMessage =
    typeof body?.message === 'string' && body.message !== ''
      ? body.message
      : text.trim().slice(0, 200) || res.statusText || 'request failed'
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'))
  return errorForStatus({
    status: res.status,
    apiCode: typeof body?.code === 'string' ? body.code : undefined,
    message: `${label} -> ${res.status}: ${apiMessage}`,
    details: body?.details,
    requestId: requestIdOf(res),
    retryAfter: retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000),
  })
}

/** Settles with `promise`, or rejects with the signal's reason first if it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

/** Releases a response body we will not read, so the connection can be reused. */
async function discard(res: Response): Promise<void> {
  try {
    await res.body?.cancel()
  } catch {
    // already consumed or closed: nothing to release
  }
}

/**
 * Creates the transport every resource group shares: bearer token, one forced token
 * refresh on 401, jittered retries (see retry-policy.ts), a deadline per call, caller
 * abort, and typed errors.
 */
export function createTransport(options: ManagementApiOptions): Transport {
  validate(options)
  const base = options.environmentUrl.replace(/\/+$/, '')
  const basePath = new URL(base).pathname.replace(/\/+$/, '')
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis)
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT

  // The last token the API refused. Calls that fail with that same token after another
  // call already forced a refresh reuse the new token instead of forcing one more, so a
  // burst of 401s costs one token request.
  let lastRejectedToken: string | undefined

  async function attempt(req: ApiRequest, signal: AbortSignal, deadline: number): Promise<unknown> {
    const url = buildUrl(base, basePath, req)
    const label = `${req.method} ${req.path}`
    const hasBody = req.body !== undefined
    const payload = hasBody ? JSON.stringify(req.body) : undefined
    let forceRefresh = false
    let refreshed = false
    let retries = 0
    for (;;) {
      const token: string = await untilAborted(
        options.getAccessToken(forceRefresh ? { forceRefresh: true } : undefined),
        signal,
      )
      forceRefresh = false
      const headers: Record<string, string> = {
        accept: 'application/json',
        authorization: `Bearer ${token}`,
        'user-agent': userAgent,
      }
      if (hasBody) headers['content-type'] = 'application/json'
      let res: Response
      try {
        res = await fetchImpl(url, { method: req.method, headers, body: payload, signal })
      } catch (err) {
        if (signal.aborted) throw signal.reason
        if (retries < maxRetries && isRetryableNetworkError(req.method)) {
          await sleep(backoffDelay(retries++), signal)
          continue
        }
        const reason = err instanceof Error ? err.message : String(err)
        throw new KitApiNetworkError(`${label}: network error: ${reason}`, { cause: err })
      }
      if (res.ok) return parseSuccess(res, label)
      if (res.status === 401 && !refreshed) {
        refreshed = true
        forceRefresh = token !== lastRejectedToken
        lastRejectedToken = token
        await discard(res)
        continue
      }
      if (retries < maxRetries && isRetryableStatus(req.method, res.status)) {
        const hinted = parseRetryAfter(res.headers.get('retry-after'))
        // A wait the server asks for that outlasts the call's budget ends the retries now,
        // with the server's answer, rather than as a timeout later.
        const fits =
          hinted === undefined || (hinted <= MAX_RETRY_AFTER_MS && Date.now() + hinted < deadline)
        if (fits) {
          await discard(res)
          await sleep(hinted ?? backoffDelay(retries), signal)
          retries++
          continue
        }
      }
      throw await errorFromResponse(res, label)
    }
  }

  return {
    async request(req, opts) {
      const userSignal = opts?.signal
      if (userSignal?.aborted) throw userSignal.reason
      const timeoutMs = opts?.timeoutMs ?? defaultTimeout
      if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
        throw new KitError(
          'ERR_KIT_CONFIG',
          `${req.method} ${req.path}: timeoutMs must be a positive number`,
        )
      }
      const deadline = Date.now() + timeoutMs
      const controller = new AbortController()
      const onAbort = () => controller.abort(userSignal?.reason)
      userSignal?.addEventListener('abort', onAbort, { once: true })
      const timer = setTimeout(
        () => {
          controller.abort(
            new KitApiTimeoutError(
              timeoutMs,
              `${req.method} ${req.path}: no complete response within ${timeoutMs} ms`,
            ),
          )
        },
        Math.min(timeoutMs, MAX_TIMER_MS),
      )
      try {
        return await attempt(req, controller.signal, deadline)
      } catch (err) {
        // fetch and body reads reject with runtime-specific abort errors; surface ours.
        if (controller.signal.aborted) throw controller.signal.reason
        throw err
      } finally {
        clearTimeout(timer)
        userSignal?.removeEventListener('abort', onAbort)
      }
    },
  }
}
