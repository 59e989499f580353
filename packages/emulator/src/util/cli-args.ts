import { parseArgs } from 'node:util'
import type { EmulatorOptions } from '../options.js'

/** The CLI's help text. */
export const USAGE = `Usage: kit-emulator [options]

  --port <n>            port to listen on (default 4000; 0 picks a free one)
  --host <addr>         interface to listen on (default 127.0.0.1)
  --db <path>           SQLite file (default .kit/emulator.sqlite)
  --memory              keep everything in memory (nothing persists)
  --seed <file.json>    seed a fresh database from this file (default: built-in demo seed)
  --no-seed             start a fresh database empty
  --webhook-url <url>   deliver signed webhook events to this URL (repeatable)
  --webhook-secret <s>  whsec_ secret for --webhook-url (generated when absent)
  --public-url <url>    issuer URL when reached through another address
  --access-token-ttl <s> access token lifetime in seconds
  -h, --help            show this help
`

/** Parses argv into emulator options; throws with a message naming the bad flag. */
export function parseCliArgs(argv: string[]): EmulatorOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      memory: { type: 'boolean' },
      seed: { type: 'string' },
      'no-seed': { type: 'boolean' },
      'webhook-url': { type: 'string', multiple: true },
      'webhook-secret': { type: 'string' },
      'public-url': { type: 'string' },
      'access-token-ttl': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return 'help'
  const int = (flag: string, value: string | undefined) => {
    if (value === undefined) return undefined
    if (!/^\d+$/.test(value))
      throw new Error(`--${flag} must be a non-negative integer, got "${value}"`)
    return Number(value)
  }
  if (values.memory && values.db) throw new Error('--memory and --db cannot be used together')
  if (values.seed && values['no-seed'])
    throw new Error('--seed and --no-seed cannot be used together')
  return {
    port: int('port', values.port) ?? 4000,
    host: values.host,
    dbPath: values.memory ? ':memory:' : values.db,
    seed: values['no-seed'] ? false : values.seed,
    webhookUrl: values['webhook-url'],
    webhookSecret: values['webhook-secret'],
    publicUrl: values['public-url'],
    accessTokenTtl: int('access-token-ttl', values['access-token-ttl']),
  }
}
