import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KitApiNotFoundError } from '../../src/management/index.js'
import { type ManagementFixture, startManagementFixture } from './support/emulator.js'

let f: ManagementFixture
beforeAll(async () => {
  f = await startManagementFixture()
})
afterAll(async () => {
  await f?.emu.stop()
})

describe('domain', () => {
  it('lists the seeded domain', async () => {
    const { domains } = await f.kit.domain.listDomains('org_acme')
    expect(domains.map((d) => d.domain)).toContain('acme.test')
  })

  it('creates, filters, reads and deletes a domain', async () => {
    const { domain } = await f.kit.domain.createDomain('org_globex', 'globex-labs.test', {
      domainType: 'ALLOWED_EMAIL_DOMAIN',
    })
    expect(domain).toMatchObject({
      domain: 'globex-labs.test',
      organizationId: 'org_globex',
      domainType: 'ALLOWED_EMAIL_DOMAIN',
    })
    expect(domain.id).toBeTruthy()

    const allowed = await f.kit.domain.listDomains('org_globex', {
      domainType: 'ALLOWED_EMAIL_DOMAIN',
    })
    expect(allowed.domains.map((d) => d.domain)).toEqual(['globex-labs.test'])

    const { domain: read } = await f.kit.domain.getDomain('org_globex', domain.id)
    expect(read.domain).toBe('globex-labs.test')

    await f.kit.domain.deleteDomain('org_globex', domain.id)
    await expect(f.kit.domain.getDomain('org_globex', domain.id)).rejects.toBeInstanceOf(
      KitApiNotFoundError,
    )
  })
})
