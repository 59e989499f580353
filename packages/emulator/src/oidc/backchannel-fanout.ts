import type Provider from 'oidc-provider'
import type { EmulatorContext } from '../context.js'
import { findClient } from './clients.js'

interface BackchannelClient {
  clientId: string
  backchannelLogoutUri?: string
  backchannelLogout(sub: string, sid: string): Promise<void>
}

/** The extra back-channel logout URIs stored with a client (seed `backchannel_logout_uris`). */
function extraUris(ctx: EmulatorContext, clientId: string): string[] {
  const value = (findClient(ctx.db, clientId)?.data as Record<string, unknown> | undefined)?.[
    'backchannel_logout_uris'
  ]
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string' && v !== '')
    : []
}

/**
 * OIDC registers one back-channel logout URI per client, but the demo client serves
 * every example app (Express, Fastify, Next on their own ports). A client's
 * `backchannel_logout_uris` list makes oidc-provider's back-channel logout (sign-out,
 * session revocation) post the same kind of logout token to each of them too, so signing
 * out at the emulator ends the session in every local app. Each delivery is independent:
 * one app that is down does not stop the others; the first failure is reported as
 * oidc-provider reports a single one.
 */
export function fanOutBackchannelLogout(ctx: EmulatorContext, provider: Provider): void {
  const proto = (provider.Client as unknown as { prototype: BackchannelClient }).prototype
  const single = proto.backchannelLogout
  proto.backchannelLogout = async function backchannelLogout(
    this: BackchannelClient,
    sub: string,
    sid: string,
  ) {
    const others = extraUris(ctx, this.clientId).filter((uri) => uri !== this.backchannelLogoutUri)
    // The same client seen with another URI: a fresh token (own jti) per receiver.
    const targets = [
      this,
      ...others.map((uri) => Object.create(this, { backchannelLogoutUri: { value: uri } })),
    ]
    const results = await Promise.allSettled(
      targets.map((client: BackchannelClient) => single.call(client, sub, sid)),
    )
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    if (failed) throw failed.reason
  }
}
