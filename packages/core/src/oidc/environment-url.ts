// The environment URL carries the client secret (token endpoint), every token and the
// management API's bearer token. Over plain http anyone on the path reads them, so
// http is only accepted where the traffic never leaves the machine (loopback), unless
// the app says in so many words that it accepts the risk.
import { KitError } from '../errors.js'

/** `127.0.0.0/8` as the WHATWG URL parser writes it (it canonicalises `127.1`, `0x7f.1`, ...). */
const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/

/**
 * True when `hostname` (as `URL.hostname` gives it) can only be reached on this machine:
 * `localhost`, a `*.localhost` name (RFC 6761), `127.0.0.0/8` or `[::1]`.
 *
 * @example
 * ```ts
 * isLoopbackHostname(new URL('http://127.0.0.1:4000').hostname) // true
 * ```
 */
export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.toLowerCase()
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    IPV4_LOOPBACK.test(host)
  )
}

/**
 * Validates `environmentUrl` and returns it without a trailing slash: an absolute
 * https URL, or http on a loopback host, or http anywhere when `allowInsecure` is true.
 * Throws `ERR_KIT_CONFIG` naming the setting otherwise.
 *
 * @example
 * ```ts
 * normalizeEnvironmentUrl('https://acme.scalekit.dev/', false) // 'https://acme.scalekit.dev'
 * ```
 */
export function normalizeEnvironmentUrl(value: unknown, allowInsecure: boolean): string {
  const fail = (problem: string) =>
    new KitError('ERR_KIT_CONFIG', `KitClient option "environmentUrl" ${problem}`)
  if (typeof value !== 'string' || value.trim() === '') {
    throw fail('is required and must be a non-empty string')
  }
  const raw = value.trim()
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw fail(`must be an absolute http(s) URL, got "${raw}"`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw fail(`must use http or https, got "${url.protocol}"`)
  }
  if (url.search || url.hash || url.username || url.password) {
    throw fail('must not carry credentials, a query or a fragment')
  }
  if (url.protocol === 'http:' && !allowInsecure && !isLoopbackHostname(url.hostname)) {
    throw fail(
      `uses plain http on "${url.hostname}", which would send the client secret and tokens ` +
        'unencrypted: use https, or (only on a network you trust, e.g. an emulator in a ' +
        'container network) set allowInsecureEnvironmentUrl: true ' +
        '(KIT_ALLOW_INSECURE_ENVIRONMENT_URL=true)',
    )
  }
  return url.href.replace(/\/+$/, '')
}
