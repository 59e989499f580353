/**
 * The `Host` names the emulator answers to. A DNS-rebinding page (a site whose name an
 * attacker re-points at 127.0.0.1) talks to the emulator with the attacker's name in
 * `Host` and could read anything the emulator serves, client secrets included. Only
 * loopback names and the names the emulator was configured with are real ways to reach
 * it, so every other `Host` is refused before any route runs.
 */

/** Characters a `Host` header may hold (name or IPv4, or a bracketed IPv6, and a port). */
const HOST_HEADER = /^[A-Za-z0-9._~-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/

/** Listen addresses that mean "every interface": they name no host a request would use. */
const WILDCARDS = new Set(['0.0.0.0', '[::]', '::'])

/**
 * The host name of a `Host` header (lower case, IPv6 in brackets, no port, no trailing
 * dot), normalised as browsers and URL parsers do (`127.1` is `127.0.0.1`); undefined
 * when the header is missing or malformed.
 */
export function hostnameOf(hostHeader: string | undefined): string | undefined {
  if (!hostHeader || !HOST_HEADER.test(hostHeader)) return undefined
  try {
    return new URL(`http://${hostHeader}`).hostname.replace(/\.$/, '')
  } catch {
    return undefined
  }
}

/** True for `localhost`, `*.localhost`, `127.0.0.0/8` and `[::1]` (RFC 6761, RFC 1122). */
export function isLoopbackHostname(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  )
}

/** What the emulator was configured to be reached at, besides loopback. */
export interface AllowedHostsConfig {
  /** The `publicUrl` option: its host name is how a proxy or container reaches it. */
  publicUrl?: string
  /** The `host` option (listen address); a specific address is a way to reach it. */
  host?: string
}

/**
 * Builds the `Host` check: loopback names with any port, plus the host names of
 * `publicUrl` and of a specific (non-wildcard) listen `host`.
 */
export function allowedHosts(
  config: AllowedHostsConfig,
): (hostHeader: string | undefined) => boolean {
  const extra = new Set<string>()
  if (config.publicUrl) extra.add(new URL(config.publicUrl).hostname.replace(/\.$/, ''))
  if (config.host && !WILDCARDS.has(config.host)) {
    const bracketed = config.host.includes(':') && !config.host.startsWith('[')
    const name = hostnameOf(bracketed ? `[${config.host}]` : config.host)
    if (name) extra.add(name)
  }
  return (hostHeader) => {
    const name = hostnameOf(hostHeader)
    return name !== undefined && (isLoopbackHostname(name) || extra.has(name))
  }
}
