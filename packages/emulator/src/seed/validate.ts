import { parseAppUrl } from './app-urls.js'
import type { SeedData } from './types.js'

/** A seed that does not match the format; the message names the offending field. */
export class SeedError extends Error {
  /** HTTP status when the seed came in through a control route (400, or 409 on conflicts). */
  readonly status: number
  constructor(message: string, status = 400, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'SeedError'
    this.status = status
  }
}

type Obj = Record<string, unknown>

/**
 * Checks the shape of a seed (types of every known field, required names and emails)
 * before anything is written, so a typo gives a clear error instead of a half-applied
 * seed.
 */
export function validateSeed(input: unknown, where = 'seed'): SeedData {
  const seed = object(input, where)
  if (seed.extends !== undefined && seed.extends !== 'default')
    throw new SeedError(`${where}.extends must be "default" (the built-in demo seed) when given`)
  strings(seed, 'app_urls', where)
  for (const [i, url] of ((seed.app_urls as string[] | undefined) ?? []).entries()) {
    try {
      parseAppUrl(url, `${where}.app_urls[${i}]`)
    } catch (error) {
      throw new SeedError((error as Error).message)
    }
  }
  list(seed, 'permissions', where, (p, at) => {
    text(p, 'name', at, true)
    text(p, 'description', at)
  })
  list(seed, 'roles', where, role)
  list(seed, 'connections', where, connection)
  list(seed, 'users', where, user)
  list(seed, 'organizations', where, (o, at) => {
    text(o, 'id', at)
    text(o, 'display_name', at, true)
    text(o, 'external_id', at)
    stringMap(o, 'metadata', at)
    strings(o, 'domains', at)
    list(o, 'connections', at, connection)
    list(o, 'roles', at, role)
    list(o, 'users', at, (u, uat) => {
      user(u, uat)
      strings(u, 'roles', uat)
    })
  })
  list(seed, 'clients', where, (c, at) => {
    if (c.kind !== 'application' && c.kind !== 'environment') {
      throw new SeedError(`${at}.kind must be "application" or "environment"`)
    }
    text(c, 'client_id', at, true)
    text(c, 'client_secret', at, true)
    text(c, 'name', at)
    strings(c, 'scopes', at)
    strings(c, 'redirect_uris', at)
    strings(c, 'post_logout_redirect_uris', at)
    text(c, 'initiate_login_uri', at)
    text(c, 'backchannel_logout_uri', at)
    strings(c, 'backchannel_logout_uris', at)
    for (const flag of ['first_party', 'loopback_redirect_any_port']) {
      if (c[flag] !== undefined && typeof c[flag] !== 'boolean')
        throw new SeedError(`${at}.${flag} must be a boolean`)
    }
  })
  list(seed, 'webhooks', where, (w, at) => {
    text(w, 'url', at, true)
    text(w, 'secret', at)
    strings(w, 'events', at)
  })
  return seed as SeedData
}

function role(r: Obj, at: string): void {
  text(r, 'name', at, true)
  text(r, 'display_name', at)
  text(r, 'description', at)
  text(r, 'extends', at)
  strings(r, 'permissions', at)
}

function connection(c: Obj, at: string): void {
  text(c, 'id', at)
  text(c, 'type', at, true)
  text(c, 'provider', at, true)
  text(c, 'ui_button_title', at)
  if (c.enabled !== undefined && typeof c.enabled !== 'boolean')
    throw new SeedError(`${at}.enabled must be a boolean`)
}

function user(u: Obj, at: string): void {
  text(u, 'id', at)
  text(u, 'email', at, true)
  if (!/^[^\s@]+@[^\s@]+$/.test(String(u.email)))
    throw new SeedError(`${at}.email is not an email address`)
  for (const f of ['first_name', 'last_name', 'name', 'external_id']) text(u, f, at)
  if (u.email_verified !== undefined && typeof u.email_verified !== 'boolean') {
    throw new SeedError(`${at}.email_verified must be a boolean`)
  }
  stringMap(u, 'metadata', at)
}

function object(value: unknown, at: string): Obj {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new SeedError(`${at} must be an object`)
  return value as Obj
}

function list(parent: Obj, key: string, at: string, each: (item: Obj, at: string) => void): void {
  const value = parent[key]
  if (value === undefined) return
  if (!Array.isArray(value)) throw new SeedError(`${at}.${key} must be an array`)
  value.forEach((item, i) => {
    each(object(item, `${at}.${key}[${i}]`), `${at}.${key}[${i}]`)
  })
}

function text(parent: Obj, key: string, at: string, required = false): void {
  const value = parent[key]
  if (value === undefined && !required) return
  if (typeof value !== 'string' || value.trim() === '') {
    throw new SeedError(`${at}.${key} must be a non-empty string`)
  }
}

function strings(parent: Obj, key: string, at: string): void {
  const value = parent[key]
  if (value === undefined) return
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) {
    throw new SeedError(`${at}.${key} must be an array of non-empty strings`)
  }
}

function stringMap(parent: Obj, key: string, at: string): void {
  const value = parent[key]
  if (value === undefined) return
  const map = object(value, `${at}.${key}`)
  if (Object.values(map).some((v) => typeof v !== 'string'))
    throw new SeedError(`${at}.${key} values must be strings`)
}
