// A bad baseUrl fails at start-up naming the wrong part, without echoing the value:
// a URL pasted with credentials or a token must not end up in a crash log.
import { describe, expect, it } from 'vitest'
import { createKitRoutes, type KitRoutesConfig } from '../../src/http/index.js'
import { KitClient } from '../../src/index.js'

const kit = new KitClient({
  environmentUrl: 'http://127.0.0.1:9',
  clientId: 'c',
  clientSecret: 's',
})

function messageFor(baseUrl: string): string {
  const config: KitRoutesConfig = { kit, baseUrl, session: { secret: 'x'.repeat(32) } }
  try {
    createKitRoutes(config)
  } catch (error) {
    expect(error).toMatchObject({ code: 'ERR_KIT_CONFIG' })
    return (error as Error).message
  }
  throw new Error(`baseUrl ${baseUrl} was accepted`)
}

describe('baseUrl errors name the part, not the value', () => {
  it('credentials, path, query and fragment are named; their values are not echoed', () => {
    const message = messageFor('https://deploy:hunter2@app.example.com/app?token=abc123#section9')
    expect(message).toContain('baseUrl must be an origin only')
    expect(message).toContain(
      'credentials (user:password@), a path (/app), a query (?...), a fragment (#...)',
    )
    for (const secret of ['deploy', 'hunter2', 'abc123', 'section9', 'app.example.com/']) {
      expect(message).not.toContain(secret)
    }
  })

  it('a value without a scheme says so, without echoing it', () => {
    const message = messageFor('app.example.com:3000/?key=s3cr3t')
    expect(message).toContain('it has no scheme (start it with https://')
    expect(message).not.toContain('s3cr3t')
    expect(message).toContain('KIT_BASE_URL')
  })

  it('a value that does not parse says where to look, without echoing it', () => {
    const message = messageFor('https://app example.com?key=s3cr3t')
    expect(message).toContain('it does not parse as a URL')
    expect(message).not.toContain('s3cr3t')
  })
})
