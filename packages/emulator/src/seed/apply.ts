import { insertClientRow, insertClientSecretRow } from '../store/clients.js'
import { insertConnectionRow, insertDomainRow } from '../store/connections.js'
import type { Db } from '../store/db.js'
import { insertMembership } from '../store/memberships.js'
import { insertOrganizationRow } from '../store/organizations.js'
import {
  addRolePermission,
  insertPermissionRow,
  insertRoleRow,
  permissionExists,
  roleVisibleFrom,
} from '../store/roles.js'
import { findUserRowByEmail, insertUser } from '../store/users.js'
import { isoTime } from '../util/clock.js'
import { upsertWebhookEndpoint, type WebhookEndpoint } from '../webhooks/endpoints.js'
import { appRoutesOf, parseAppUrl, registerAppUrls } from './app-urls.js'
import { DEFAULT_CLIENTS } from './default-seed.js'
import {
  buildClient,
  buildConnection,
  buildDomain,
  buildOrganization,
  buildPermission,
  buildRole,
  buildUser,
} from './rows.js'
import type { SeedConnection, SeedData, SeedMember, SeedRole } from './types.js'
import { SeedError } from './validate.js'

/** What applying a seed produced that the caller reports back. */
export interface SeedResult {
  webhooks: WebhookEndpoint[]
}

/**
 * Writes a validated seed in one transaction: permissions, roles, organizations (with
 * domains, connections, roles, members), environment connections, users, clients and
 * webhook endpoints (the demo clients when `clients` is absent and `defaultClients` is
 * set, as for a fresh database), then registers `app_urls` with the first application
 * client and as webhook endpoints. Users already present (by email) are reused. A conflict with
 * existing data (same id, external id, domain, role or client) rolls everything back
 * and throws a 409 {@link SeedError}.
 */
export function applySeed(
  db: Db,
  seed: SeedData,
  ctx: { now: number; environmentId: string; defaultClients?: boolean },
): SeedResult {
  const time = isoTime(ctx.now)
  const env = ctx.environmentId
  const run = db.transaction((): SeedResult => {
    for (const p of seed.permissions ?? []) {
      const row = buildPermission(p, time)
      insertPermissionRow(db, {
        id: row.id as string,
        name: p.name,
        data: JSON.stringify(row),
        create_time: time,
        update_time: time,
      })
    }
    insertRoles(db, seed.roles ?? [], null)
    for (const o of seed.organizations ?? []) {
      const org = buildOrganization(o, time)
      insertOrganizationRow(db, {
        id: org.id as string,
        external_id: o.external_id ?? null,
        data: JSON.stringify(org),
        create_time: time,
        update_time: time,
      })
      for (const d of o.domains ?? []) {
        const dom = buildDomain(d, org.id, env, time)
        insertDomainRow(db, {
          id: dom.id as string,
          organization_id: org.id as string,
          domain: d,
          domain_type: dom.domain_type as string,
          data: JSON.stringify(dom),
          create_time: time,
        })
      }
      for (const c of o.connections ?? []) insertConnection(db, c, org.id, time)
      insertRoles(db, o.roles ?? [], org.id)
      for (const m of o.users ?? [])
        insertMember(db, m, org.id, String(org.display_name), env, time)
    }
    for (const c of seed.connections ?? []) insertConnection(db, c, null, time)
    for (const u of seed.users ?? []) ensureUser(db, u, env, time)
    for (const c of seed.clients ?? (ctx.defaultClients ? DEFAULT_CLIENTS : [])) {
      const client = buildClient(c, time)
      insertClientRow(db, {
        client_id: c.client_id,
        kind: c.kind,
        organization_id: null,
        first_party: c.first_party === false ? 0 : 1,
        data: JSON.stringify(client.data),
        create_time: time,
        update_time: time,
      })
      insertClientSecretRow(db, {
        id: client.secret.id as string,
        client_id: c.client_id,
        secret: c.client_secret,
        status: 'ACTIVE',
        data: JSON.stringify(client.secret),
        create_time: time,
      })
    }
    const webhooks = (seed.webhooks ?? []).map((w) => upsertWebhookEndpoint(db, w, ctx.now))
    const apps = (seed.app_urls ?? []).map((u, i) => parseAppUrl(u, `seed.app_urls[${i}]`))
    registerAppUrls(db, apps, time)
    // The apps share one secret, so the banner's KIT_WEBHOOK_SECRET fits all of them.
    let appSecret: string | undefined
    for (const app of apps) {
      const endpoint = upsertWebhookEndpoint(
        db,
        { url: appRoutesOf(app).webhooks, secret: appSecret },
        ctx.now,
      )
      appSecret = endpoint.secret
      webhooks.push(endpoint)
    }
    return { webhooks }
  })
  try {
    return run()
  } catch (cause) {
    if (cause instanceof SeedError) throw cause
    if (cause instanceof TypeError) throw new SeedError(`seed: ${cause.message}`, 400, { cause })
    const message = cause instanceof Error ? cause.message : String(cause)
    if (/UNIQUE|PRIMARY KEY/i.test(message)) {
      throw new SeedError(`seed conflicts with existing data (${message})`, 409, { cause })
    }
    if (/FOREIGN KEY/i.test(message)) {
      throw new SeedError(`seed refers to something that does not exist (${message})`, 400, {
        cause,
      })
    }
    throw cause
  }
}

function insertRoles(db: Db, roles: SeedRole[], organizationId: string | null): void {
  const known = new Set(roles.map((r) => r.name))
  for (const r of roles) {
    if (r.extends && !known.has(r.extends) && !roleExists(db, r.extends, organizationId)) {
      throw new SeedError(`role "${r.name}" extends unknown role "${r.extends}"`)
    }
    const role = buildRole(r, organizationId)
    insertRoleRow(db, {
      id: role.id as string,
      organization_id: organizationId,
      name: r.name,
      extends: r.extends ?? null,
      data: JSON.stringify(role),
    })
    for (const p of r.permissions ?? []) {
      if (!permissionExists(db, p)) {
        throw new SeedError(`role "${r.name}" lists unknown permission "${p}"`)
      }
      addRolePermission(db, role.id as string, p, 'fail')
    }
  }
}

function roleExists(db: Db, name: string, organizationId: string | null): boolean {
  return roleVisibleFrom(db, name, organizationId)
}

function insertConnection(db: Db, c: SeedConnection, orgId: string | null, time: string): void {
  const conn = buildConnection(c, orgId, time)
  insertConnectionRow(db, {
    id: conn.id as string,
    organization_id: orgId,
    type: conn.type as string,
    provider: conn.provider as string,
    enabled: conn.enabled ? 1 : 0,
    data: JSON.stringify(conn),
    create_time: time,
    update_time: time,
  })
}

function ensureUser(db: Db, u: SeedMember, env: string, time: string): string {
  const existing = findUserRowByEmail(db, u.email)
  if (existing) return existing.id
  const user = buildUser(u, env, time)
  insertUser(db, {
    id: user.id as string,
    email: u.email,
    externalId: u.external_id ?? null,
    data: user,
    time,
  })
  return user.id as string
}

function insertMember(
  db: Db,
  m: SeedMember,
  orgId: string,
  orgName: string,
  env: string,
  time: string,
): void {
  const userId = ensureUser(db, m, env, time)
  const roles = m.roles ?? []
  for (const r of roles) {
    if (!roleExists(db, r, orgId)) throw new SeedError(`member ${m.email} has unknown role "${r}"`)
  }
  const data = {
    organization_id: orgId,
    join_time: time,
    membership_status: 'ACTIVE',
    name: orgName,
    display_name: orgName,
    metadata: {},
    created_at: time,
    accepted_at: time,
    provisioning_method: 'seed',
  }
  insertMembership(db, {
    organization_id: orgId,
    user_id: userId,
    roles: JSON.stringify(roles),
    status: 'ACTIVE',
    data: JSON.stringify(data),
    create_time: time,
  })
}
