import type { Auth, Requirement } from '@kit/core'
import type { KitEnvConfig } from '@kit/core/adapter'

/** What a test route answers: JSON, or a plain text body. */
export type RouteReply = { json: unknown } | { text: string }

/** A route of the app under test, declared once and built by each adapter its own way. */
export interface TestRoute {
  method: 'GET' | 'POST'
  path: string
  /** Mounted as the adapter's guard (`requirePermission(...)`, `app.requireRole(...)`, ...). */
  guard?: Requirement
  /** Builds the answer from what the adapter exposed (`req.auth`) and the app-parsed body. */
  reply(context: { auth: Auth | null; body: unknown }): RouteReply
}

/** An app to start: the adapter's options (passed as given) and the app's own routes. */
export interface TestAppSpec {
  options: KitEnvConfig
  routes?: readonly TestRoute[]
}

/** A started app, listening on a loopback port. */
export interface RunningApp {
  /** `http://127.0.0.1:<port>`: where tests send requests (its public origin is `baseUrl`). */
  url: string
  close(): Promise<void>
}

/** A route answered by the adapter's response translator (`sendWebResponse`) alone. */
export interface TranslatedRoute {
  method: 'GET' | 'POST' | 'HEAD'
  path: string
  /** A cookie the app sets its own way (`res.cookie`, `reply.header`) before the kit's response. */
  appCookie?: { name: string; value: string }
  /** Passed to the adapter's `appendSetCookies` before the response is sent. */
  kitCookies?: readonly string[]
  /** The Web `Response` the kit would produce. */
  response(): Response
}

/**
 * What an adapter implements to run the conformance suite: start an app with the kit
 * mounted from `spec.options` (before anything else), the app's own JSON body parser
 * for its routes, and `spec.routes` behind the adapter's guards. Invalid options or
 * guard arguments must make `start` reject (the adapter's start-up error).
 */
export interface AdapterHarness {
  start(spec: TestAppSpec): Promise<RunningApp>
  /** Starts an app without the kit whose routes send Web Responses through the adapter. */
  serveResponses(routes: readonly TranslatedRoute[]): Promise<RunningApp>
}
