import type { IncomingMessage } from 'node:http'
import type { RouteModule } from '../context.js'
import { type AllowedHostsConfig, allowedHosts } from './allowed-hosts.js'
import { crossOriginReason } from './cross-site.js'
import { sendApiError } from './send.js'

/** Where the guard applies its stricter rules. */
export interface LocalGuardConfig extends AllowedHostsConfig {
  /** Path prefix of the test controls (`/_emulator`): same origin and JSON bodies only. */
  controlsPrefix: string
  /** Paths that act for the browser (the IdP-initiated trigger): same origin for writes. */
  triggerPaths: string[]
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH'])

/**
 * The emulator runs on developers' machines, unauthenticated: a web page they visit must
 * not drive it. This module runs before every other one and refuses
 *
 * - any request whose `Host` is not loopback or a configured name (DNS rebinding), 403;
 * - a request to the controls, or a write to the IdP-initiated trigger, from a page of
 *   another origin (`Origin`, `Sec-Fetch-Site`), 403;
 * - a control write whose body is not `application/json`, 415: a page can send JSON to
 *   another origin only after a CORS preflight, which the emulator never grants, so this
 *   holds even for a browser that sent no `Origin`.
 *
 * It answers nothing else (returns false), so the route modules after it run.
 */
export function createLocalGuard(config: LocalGuardConfig): RouteModule {
  const hostAllowed = allowedHosts(config)
  return async (req, res, url) => {
    const method = req.method ?? 'GET'
    if (!hostAllowed(req.headers.host)) {
      req.resume()
      sendApiError(
        res,
        403,
        'PERMISSION_DENIED',
        `Host ${JSON.stringify(req.headers.host ?? '')} is not allowed: the emulator answers only localhost, *.localhost, 127.0.0.0/8, [::1] and the host of its publicUrl option (a DNS-rebinding defence). Reach it at one of those, or start it with publicUrl set to the address you use.`,
      )
      return true
    }
    const isControl =
      url.pathname === config.controlsPrefix || url.pathname.startsWith(`${config.controlsPrefix}/`)
    const isTriggerWrite =
      config.triggerPaths.includes(url.pathname) && method !== 'GET' && method !== 'HEAD'
    if (!isControl && !isTriggerWrite) return false
    const crossOrigin = crossOriginReason(req)
    if (crossOrigin) {
      req.resume()
      sendApiError(
        res,
        403,
        'PERMISSION_DENIED',
        `cross-origin request refused (${crossOrigin}): ${url.pathname} only answers pages of the emulator itself and programs (no Origin header)`,
      )
      return true
    }
    if (isControl && BODY_METHODS.has(method) && !isJson(req)) {
      req.resume()
      sendApiError(
        res,
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        `${method} ${url.pathname} needs Content-Type: application/json (send {} when there is nothing to say)`,
      )
      return true
    }
    return false
  }
}

function isJson(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase()
  return type === 'application/json'
}
