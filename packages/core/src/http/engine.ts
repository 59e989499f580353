import { SessionCookieStore } from '../session/session-cookie.js'
import { TransactionCookies } from '../session/transaction.js'
import type { ResolvedRoutesConfig } from './routes-config.js'
import { SessionRefresher } from './session-refresh.js'

/**
 * Everything an action needs, built once per `createKitRoutes` call: the validated
 * config, the session and transaction cookie codecs and the refresh coordinator.
 */
export interface Engine {
  readonly config: ResolvedRoutesConfig
  readonly sessions: SessionCookieStore
  readonly transactions: TransactionCookies
  readonly refresher: SessionRefresher
  /** Current time in whole epoch seconds, from the configured clock. */
  nowSeconds(): number
}

/** Wires the engine's collaborators from a validated config. */
export function createEngine(config: ResolvedRoutesConfig): Engine {
  const policy = { secure: config.secure }
  const sessions = new SessionCookieStore(config.session, policy)
  const transactions = new TransactionCookies(() => sessions.passwords(), policy)
  const nowSeconds = () => Math.floor(config.now() / 1000)
  const refresher = new SessionRefresher(config, sessions, nowSeconds)
  return { config, sessions, transactions, refresher, nowSeconds }
}
