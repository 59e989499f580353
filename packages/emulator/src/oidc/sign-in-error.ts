import type { KoaContextWithOIDC } from 'oidc-provider'
import type { EmulatorContext } from '../context.js'
import type { SafeHtml } from '../http/index.js'
import { appClientId, CALLBACK_PATH, parseAppUrl } from '../seed/index.js'
import { errorPage } from '../ui/login/logout-pages.js'
import { redirectUriErrorPage } from '../ui/login/redirect-uri-page.js'
import { findClient } from './clients.js'

/**
 * oidc-provider's `renderError`: an unregistered redirect URI gets a page that says
 * what was sent, what is registered and how to register it; every other error the
 * generic escaped page.
 */
export function renderSignInError(
  ctx: EmulatorContext,
  kctx: KoaContextWithOIDC,
  out: Record<string, unknown>,
): SafeHtml {
  if (out.error !== 'invalid_redirect_uri') return errorPage(out)
  const params = (kctx.oidc?.params ?? kctx.query ?? {}) as Record<string, unknown>
  const sent = typeof params.redirect_uri === 'string' ? params.redirect_uri : ''
  const clientId = kctx.oidc?.client?.clientId
  const client = clientId ? findClient(ctx.db, clientId) : undefined
  if (!client) return errorPage(out)
  return redirectUriErrorPage({
    sent,
    clientId: client.clientId,
    registered: client.data.redirect_uris ?? [],
    loopbackAnyPort: client.data.loopback_redirect_any_port === true,
    appUrl: appClientId(ctx.db) === client.clientId ? appUrlFor(sent) : undefined,
  })
}

/** The `--app-url` value that registers `uri`: its base when it ends with the callback path. */
function appUrlFor(uri: string): string | undefined {
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    return undefined
  }
  if (url.search || url.hash || !url.pathname.endsWith(CALLBACK_PATH)) return undefined
  const base = `${url.origin}${url.pathname.slice(0, -CALLBACK_PATH.length)}`
  try {
    const parsed = parseAppUrl(base, 'appUrl')
    // Only a base whose callback is exactly the URI sent: `--app-url` must fix this error.
    return `${parsed}${CALLBACK_PATH}` === uri ? parsed : undefined
  } catch {
    return undefined
  }
}
