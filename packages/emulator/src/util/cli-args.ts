import { parseArgs } from 'node:util'
import type { EmulatorOptions } from '../options.js'

/** The CLI's help text. */
export const USAGE = `Usage: kit-emulator [options]

  --port <n>            port to listen on (default 4000; 0 picks a free one)
  --host <addr>         interface to listen on (default 127.0.0.1)
  --db <path>           SQLite file (default .kit/emulator.sqlite)
  --memory              keep everything in memory (nothing persists)
  --app-url <url>       register your app's base URL with the demo client, keeping the
                        demo data: <url>/auth/callback, <url>/, back-channel logout and
                        the webhook endpoint <url>/webhooks (repeatable)
  --seed <file.json>    seed a fresh database from this file; it REPLACES the demo data
                        (alice, Acme, Globex) unless it says "extends": "default"
  --no-seed             start a fresh database empty
  --write-env <path>    also write the app's .env (printed at start) to this file
  --force               let --write-env overwrite an existing file
  --webhook-url <url>   deliver signed webhook events to this URL (repeatable)
  --webhook-secret <s>  whsec_ secret for --webhook-url (generated when absent)
  --public-url <url>    issuer URL when reached through another address
  --access-token-ttl <s> access token lifetime in seconds
  -h, --help            show this help
`

/** What the CLI does besides starting the emulator. */
export interface CliOptions extends EmulatorOptions {
  /**
   * `--write-env`: where to write the app's `.env`. Not `--env-file`: Node 20 takes that
   * flag for itself even after the script name and exits when the file does not exist.
   */
  envFile?: string
  /** `--force`: `envFile` may overwrite an existing file. */
  force?: boolean
}

/** Parses argv into emulator options; throws with a message naming the bad flag. */
export function parseCliArgs(argv: string[]): CliOptions | 'help' {
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
      'app-url': { type: 'string', multiple: true },
      'write-env': { type: 'string' },
      force: { type: 'boolean' },
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
  if (values.force && !values['write-env'])
    throw new Error('--force only applies to --write-env (it lets it overwrite a file)')
  if (values['write-env'] === '') throw new Error('--write-env needs a file path')
  return {
    port: int('port', values.port) ?? 4000,
    host: values.host,
    dbPath: values.memory ? ':memory:' : values.db,
    seed: values['no-seed'] ? false : values.seed,
    appUrl: values['app-url'],
    webhookUrl: values['webhook-url'],
    webhookSecret: values['webhook-secret'],
    publicUrl: values['public-url'],
    accessTokenTtl: int('access-token-ttl', values['access-token-ttl']),
    envFile: values['write-env'],
    force: values.force,
  }
}
