import { BASE_URL, offlineKit, SESSION_SECRET } from '@kit/adapter-suite'
import { KitError } from '@kit/core'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { kitFastify } from '../src/index.js'

const kit = offlineKit()

// Fastify-only plugin behaviour; what every adapter must refuse is in the conformance suite.
describe('kitFastify plugin', () => {
  it('rejects ready() with the start-up error, naming the setting', async () => {
    const app = Fastify()
    app.register(kitFastify, { kit, session: { secret: SESSION_SECRET }, env: {} })
    const error = await app.ready().then(
      () => new Error('expected a start-up error'),
      (err: unknown) => err,
    )
    await app.close().catch(() => undefined)
    expect(error).toBeInstanceOf(KitError)
    expect((error as KitError).code).toBe('ERR_KIT_CONFIG')
    expect((error as KitError).message).toContain('KIT_BASE_URL')
  })

  it('registers under the declared plugin name and fastify version range', async () => {
    const app = Fastify()
    await app.register(kitFastify, { kit, baseUrl: BASE_URL, session: { secret: SESSION_SECRET } })
    expect(app.hasPlugin('@kit/fastify')).toBe(true)
    expect(app.hasRequestDecorator('auth')).toBe(true)
    expect(typeof app.requireAuth).toBe('function')
    await app.close()
  })

  it('guard factories throw when declared with empty requirements', async () => {
    const app = Fastify()
    await app.register(kitFastify, { kit, baseUrl: BASE_URL, session: { secret: SESSION_SECRET } })
    for (const declare of [
      () => app.requirePermission(),
      () => app.requireRole(),
      () => app.requirePermission(''),
      () => app.requireOrganization(''),
    ]) {
      expect(declare).toThrow(KitError)
    }
    await app.close()
  })
})
