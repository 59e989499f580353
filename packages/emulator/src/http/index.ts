/**
 * Small HTTP helpers shared by every emulator module (body parsing with limits, JSON and
 * HTML responses, the management API error shape).
 */
export { DEFAULT_BODY_LIMIT, type ReadBodyOptions, readBody, readForm, readJson } from './body.js'
export { isRequestError, RequestError } from './errors.js'
export { escapeHtml, html, rawHtml, SafeHtml } from './html.js'
export {
  type ApiErrorBody,
  SAME_ORIGIN_FORM_HEADERS,
  STATUS_CODES,
  sendApiError,
  sendHtml,
  sendJson,
  sendRedirect,
} from './send.js'
