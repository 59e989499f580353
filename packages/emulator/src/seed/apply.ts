import type { Db } from '../store/db.js'
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
      db.prepare(
        'INSERT INTO permissions (id, name, data, create_time, update_time) VALUES (?, ?, ?, ?, ?)',
      ).run(row.id, p.name, JSON.stringify(row), time, time)
    }
    insertRoles(db, seed.roles ?? [], null)
    for (const o of seed.organizations ?? []) {
      const org = buildOrganization(o, time)
      db.prepare(
        'INSERT INTO organizations (id, external_id, data, create_time, update_time) VALUES (?, ?, ?, ?, ?)',
      ).run(org.id, o.external_id ?? null, JSON.stringify(org), time, time)
      for (const d of o.domains ?? []) {
        const dom = buildDomain(d, org.id, env, time)
        db.prepare(
          'INSERT INTO domains (id, organization_id, domain, domain_type, data, create_time) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(dom.id, org.id, d, dom.domain_type, JSON.stringify(dom), time)
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
      db.prepare(
        'INSERT INTO clients (client_id, kind, organization_id, first_party, data, create_time, update_time) VALUES (?, ?, NULL, ?, ?, ?, ?)',
      ).run(
        c.client_id,
        c.kind,
        c.first_party === false ? 0 : 1,
        JSON.stringify(client.data),
        time,
        time,
      )
      db.prepare(
        "INSERT INTO client_secrets (id, client_id, secret, status, data, create_time) VALUES (?, ?, ?, 'ACTIVE', ?, ?)",
      ).run(client.secret.id, c.client_id, c.client_secret, JSON.stringify(client.secret), time)
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
    db.prepare(
      'INSERT INTO roles (id, organization_id, name, extends, data) VALUES (?, ?, ?, ?, ?)',
    ).run(role.id, organizationId, r.name, r.extends ?? null, JSON.stringify(role))
    for (const p of r.permissions ?? []) {
      if (!db.prepare('SELECT 1 FROM permissions WHERE name = ?').get(p)) {
        throw new SeedError(`role "${r.name}" lists unknown permission "${p}"`)
      }
      db.prepare('INSERT INTO role_permissions (role_id, permission_name) VALUES (?, ?)').run(
        role.id,
        p,
      )
    }
  }
}

function roleExists(db: Db, name: string, organizationId: string | null): boolean {
  return Boolean(
    db
      .prepare(
        'SELECT 1 FROM roles WHERE name = ? AND (organization_id IS NULL OR organization_id = ?)',
      )
      .get(name, organizationId),
  )
}

function insertConnection(db: Db, c: SeedConnection, orgId: string | null, time: string): void {
  const conn = buildConnection(c, orgId, time)
  db.prepare(
    'INSERT INTO connections (id, organization_id, type, provider, enabled, data, create_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    conn.id,
    orgId,
    conn.type,
    conn.provider,
    conn.enabled ? 1 : 0,
    JSON.stringify(conn),
    time,
    time,
  )
}

function ensureUser(db: Db, u: SeedMember, env: string, time: string): string {
  const existing = db.prepare('SELECT id FROM users WHERE email = ?').get(u.email) as
    | { id: string }
    | undefined
  if (existing) return existing.id
  const user = buildUser(u, env, time)
  db.prepare(
    'INSERT INTO users (id, email, external_id, data, create_time, update_time) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(user.id, u.email, u.external_id ?? null, JSON.stringify(user), time, time)
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
  db.prepare(
    "INSERT INTO memberships (organization_id, user_id, roles, status, data, create_time) VALUES (?, ?, ?, 'ACTIVE', ?, ?)",
  ).run(orgId, userId, JSON.stringify(roles), JSON.stringify(data), time)
}
