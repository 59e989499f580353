import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { KitClient } from '../../src/client.js'
import { createManagementApi } from '../../src/management/index.js'

// The repository's copy of the reference (see test/fixtures/README.md).
const seedPath = fileURLToPath(new URL('../fixtures/seed-api.json', import.meta.url))

interface SeedMethod {
  python: string
  typescript: string
  group: string
  params: string
  route: string
}

const seed: SeedMethod[] = JSON.parse(readFileSync(seedPath, 'utf8'))

/** Resolves `client.a.b.c` against an object, returning the leaf (or undefined). */
function lookup(root: unknown, dotted: string): unknown {
  return dotted
    .split('.')
    .slice(1)
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root)
}

describe('seed-api.json coverage', () => {
  it('reads the reference from the repository', () => {
    expect(existsSync(seedPath)).toBe(true)
    expect(seed).toHaveLength(96)
  })

  const management = seed.filter((m) => m.group !== 'client')
  const api = createManagementApi({
    environmentUrl: 'https://env.example.test',
    getAccessToken: async () => 'unused',
  })

  it('lists 89 management methods', () => {
    expect(management).toHaveLength(89)
  })

  it('createManagementApi has every management method of the reference', () => {
    const missing = management.filter((m) => typeof lookup(api, m.typescript) !== 'function')
    expect(missing.map((m) => m.typescript)).toEqual([])
  })

  it('KitClient exposes every method of the reference (protocol and management)', () => {
    const kit = new KitClient({
      environmentUrl: 'https://env.example.test',
      clientId: 'skc_test',
      clientSecret: 'sks_test_secret',
    })
    const missing = seed.filter((m) => typeof lookup(kit, m.typescript) !== 'function')
    expect(missing.map((m) => m.typescript)).toEqual([])
  })

  it('has no management method that the reference does not list', () => {
    const listed = new Set(management.map((m) => m.typescript))
    const extra: string[] = []
    const walk = (node: Record<string, unknown>, prefix: string) => {
      for (const [key, value] of Object.entries(node)) {
        if (typeof value === 'function') {
          if (!listed.has(`${prefix}.${key}`)) extra.push(`${prefix}.${key}`)
        } else if (value && typeof value === 'object') {
          walk(value as Record<string, unknown>, `${prefix}.${key}`)
        }
      }
    }
    walk(api as unknown as Record<string, unknown>, 'client')
    expect(extra).toEqual([])
  })
})
