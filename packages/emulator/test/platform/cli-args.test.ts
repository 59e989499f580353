import { describe, expect, it } from 'vitest'
import { parseCliArgs } from '../../src/util/cli-args.js'

describe('kit-emulator arguments', () => {
  it('maps flags to startEmulator options', () => {
    expect(
      parseCliArgs([
        '--port',
        '4100',
        '--db',
        'x.sqlite',
        '--seed',
        's.json',
        '--webhook-url',
        'http://h/w',
        '--access-token-ttl',
        '60',
      ]),
    ).toMatchObject({
      port: 4100,
      dbPath: 'x.sqlite',
      seed: 's.json',
      webhookUrl: ['http://h/w'],
      accessTokenTtl: 60,
    })
    expect(parseCliArgs([])).toMatchObject({ port: 4000, dbPath: undefined, seed: undefined })
    expect(parseCliArgs(['--memory', '--no-seed'])).toMatchObject({
      dbPath: ':memory:',
      seed: false,
    })
    expect(parseCliArgs(['--help'])).toBe('help')
    expect(
      parseCliArgs(['--webhook-url', 'http://a/w', '--webhook-url', 'http://b/w']),
    ).toMatchObject({
      webhookUrl: ['http://a/w', 'http://b/w'],
    })
  })

  it('rejects bad flags with a message naming them', () => {
    expect(() => parseCliArgs(['--port', 'abc'])).toThrow(/--port/)
    expect(() => parseCliArgs(['--memory', '--db', 'x'])).toThrow(/--memory/)
    expect(() => parseCliArgs(['--bogus'])).toThrow(/bogus/)
  })
})
