import type { ServerResponse } from 'node:http'
import type { SafeHtml } from './html.js'

/** Sends a JSON response (`Cache-Control: no-store`: everything here is per-request state). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = body === undefined ? '' : JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    ...headers,
  })
  res.end(payload)
}

/**
 * Sends an HTML page. Accepts the output of the `html` tagged template (escaped) or a
 * plain string the caller built safely.
 */
export function sendHtml(
  res: ServerResponse,
  status: number,
  page: SafeHtml | string,
  headers: Record<string, string> = {},
): void {
  const payload = String(page)
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    ...headers,
  })
  res.end(payload)
}

/**
 * Headers for a page whose forms post to a guarded route (http/local-guard.ts): with the
 * default `no-referrer`, browsers send `Origin: null` on those posts; `same-origin` keeps
 * the real origin on them and still sends no referrer to other sites.
 */
export const SAME_ORIGIN_FORM_HEADERS: Readonly<Record<string, string>> = {
  'referrer-policy': 'same-origin',
}

/** The management API's error body, as the hosted service returns it. */
export interface ApiErrorBody {
  code: string
  message: string
  details: unknown[]
}

/** Default error code per HTTP status, for callers that do not pick their own. */
export const STATUS_CODES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'ALREADY_EXISTS',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  502: 'BAD_GATEWAY',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
}

/**
 * Sends an error in the management API shape `{ code, message, details }`. Used for
 * every non-OAuth error (400 validation, 401, 404 unknown id, 409 conflict, injected
 * faults). `code` defaults to the gRPC-style name of the status.
 */
export function sendApiError(
  res: ServerResponse,
  status: number,
  code: string | undefined,
  message: string,
  details: unknown[] = [],
  headers: Record<string, string> = {},
): void {
  const body: ApiErrorBody = { code: code ?? STATUS_CODES[status] ?? 'UNKNOWN', message, details }
  if (status === 401 && !headers['www-authenticate']) headers['www-authenticate'] = 'Bearer'
  sendJson(res, status, body, headers)
}

/** Sends a 302/303 redirect. */
export function sendRedirect(res: ServerResponse, location: string, status = 302): void {
  res.writeHead(status, { location, 'content-length': 0, 'cache-control': 'no-store' })
  res.end()
}
