import {
  BACKCHANNEL_LOGOUT_MAX_BYTES,
  backchannelLogoutAction,
} from './actions/backchannel-logout.js'
import { callbackAction } from './actions/callback.js'
import { loginAction } from './actions/login.js'
import { logoutAction } from './actions/logout.js'
import { SWITCH_FORM_MAX_BYTES, switchOrganizationAction } from './actions/switch-organization.js'
import { webhookAction } from './actions/webhook.js'
import type { Engine } from './engine.js'
import type { ResolvedRoutesConfig } from './routes-config.js'
import type { KitEndpoint } from './types.js'

/** One action of the route table. */
interface RouteDefinition {
  readonly action: KitEndpoint['action']
  readonly methods: (config: ResolvedRoutesConfig) => Array<'GET' | 'POST'>
  readonly body: boolean
  /** Body limit of a route that reads one (default {@link IGNORED_BODY_BYTES}). */
  readonly maxBodyBytes?: (config: ResolvedRoutesConfig) => number
  readonly run: (engine: Engine, request: Request) => Promise<Response>
}

/**
 * Body limit of routes that ignore their body: room for the fields of an HTML form post
 * (a logout button's form), nothing an attacker could use to make an adapter buffer much.
 */
const IGNORED_BODY_BYTES = 16 * 1024

/**
 * The kit's routes, declared once: which action serves which configured path and
 * methods. `handle` dispatches from it and adapters read the resolved `endpoints`.
 */
const ROUTES: readonly RouteDefinition[] = [
  { action: 'login', methods: () => ['GET'], body: false, run: loginAction },
  { action: 'callback', methods: () => ['GET'], body: false, run: callbackAction },
  {
    action: 'logout',
    methods: (c) => (c.allowGetLogout ? ['POST', 'GET'] : ['POST']),
    body: false,
    run: logoutAction,
  },
  {
    action: 'webhooks',
    methods: (c) => (c.webhookSecret ? ['POST'] : []),
    body: true,
    maxBodyBytes: (c) => c.webhookMaxBytes,
    run: webhookAction,
  },
  {
    action: 'backchannelLogout',
    // A kit without verifyLogoutToken (a custom wrapper) cannot check logout tokens.
    methods: (c) => (typeof c.kit.verifyLogoutToken === 'function' ? ['POST'] : []),
    body: true,
    maxBodyBytes: () => BACKCHANNEL_LOGOUT_MAX_BYTES,
    run: backchannelLogoutAction,
  },
  // POST takes a small HTML form (organizationId, returnTo): a switcher in the app's header.
  {
    action: 'switchOrganization',
    methods: () => ['GET', 'POST'],
    body: true,
    maxBodyBytes: () => SWITCH_FORM_MAX_BYTES,
    run: switchOrganizationAction,
  },
]

/** A route resolved against the config: its path, methods and action. */
export interface ResolvedRoute {
  readonly path: string
  readonly methods: ReadonlyArray<'GET' | 'POST'>
  readonly maxBodyBytes: number
  readonly definition: RouteDefinition
}

/** Resolves the table against a config (routes with no method, e.g. webhooks without a secret, are left out). */
export function resolveRoutes(config: ResolvedRoutesConfig): Map<string, ResolvedRoute> {
  const routes = new Map<string, ResolvedRoute>()
  for (const definition of ROUTES) {
    const methods = definition.methods(config)
    if (methods.length === 0) continue
    routes.set(config.paths[definition.action], {
      path: config.paths[definition.action],
      methods,
      maxBodyBytes: definition.maxBodyBytes?.(config) ?? IGNORED_BODY_BYTES,
      definition,
    })
  }
  return routes
}

/** The flat endpoint list adapters use to register routes. */
export function listEndpoints(routes: Map<string, ResolvedRoute>): KitEndpoint[] {
  const out: KitEndpoint[] = []
  for (const route of routes.values()) {
    for (const method of route.methods) {
      out.push(
        Object.freeze({
          method,
          path: route.path,
          action: route.definition.action,
          body: route.definition.body,
          maxBodyBytes: route.maxBodyBytes,
        }),
      )
    }
  }
  return out
}
