/**
 * Conversion between the camelCase models of the TypeScript API and the snake_case
 * JSON of the wire. Free-form maps and structs (metadata, custom attributes, template
 * variables, ...) are user data: their keys pass through untouched.
 */

/** Wire field names whose values are free JSON / string maps: never re-keyed. */
const OPAQUE_FIELDS = new Set([
  'metadata',
  'custom_attributes',
  'template_variables',
  'attribute_mapping',
  'user_detail',
  'group_detail',
  'api_config',
  'details',
  'auth_patterns',
  'extra_authorize_params',
])

function isOpaque(wireKey: string, parentWireKey: string | undefined): boolean {
  // StaticAuthConfig is `{ static_config: Struct }` held in a field also named static_config.
  return (
    OPAQUE_FIELDS.has(wireKey) || (wireKey === 'static_config' && parentWireKey === 'static_config')
  )
}

/** `displayName` -> `display_name`. */
export function toSnakeKey(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
}

/** `display_name` -> `displayName`. */
export function toCamelKey(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function convert(
  value: unknown,
  rename: (key: string) => string,
  wireKeyOf: (key: string, renamed: string) => string,
  parentWireKey?: string,
): unknown {
  if (Array.isArray(value)) return value.map((v) => convert(v, rename, wireKeyOf, parentWireKey))
  if (value instanceof Date) return value.toISOString()
  if (!isPlainObject(value)) return value
  const out: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue
    const renamed = rename(key)
    const wireKey = wireKeyOf(key, renamed)
    out[renamed] = isOpaque(wireKey, parentWireKey)
      ? child
      : convert(child, rename, wireKeyOf, wireKey)
  }
  return out
}

/**
 * Deeply converts a camelCase model to its wire form: keys to snake_case, `Date` to
 * RFC 3339 strings, `undefined` fields dropped.
 */
export function toWire<T>(model: T): Wire<T> {
  return convert(model, toSnakeKey, (_key, renamed) => renamed) as Wire<T>
}

/** Deeply converts wire JSON to the camelCase model; opaque maps are returned as sent. */
export function fromWire<T>(wire: unknown): T {
  return convert(wire, toCamelKey, (key) => key) as T
}

type SnakeKey<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Uppercase<H> ? (H extends Lowercase<H> ? H : `_${Lowercase<H>}`) : H}${SnakeKey<T>}`
  : S

type OpaqueModelKey =
  | 'metadata'
  | 'customAttributes'
  | 'templateVariables'
  | 'attributeMapping'
  | 'userDetail'
  | 'groupDetail'
  | 'apiConfig'
  | 'details'
  | 'authPatterns'
  | 'extraAuthorizeParams'

/**
 * The wire (snake_case JSON) type of a camelCase model, derived so the two can never
 * drift apart. `Wire<Organization>` has `display_name`, `create_time`, ...
 */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? {
          [K in keyof T as K extends string ? SnakeKey<K> : K]: K extends OpaqueModelKey
            ? T[K]
            : Wire<T[K]>
        }
      : T
