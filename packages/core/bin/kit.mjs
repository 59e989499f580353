#!/usr/bin/env node
// `npx kit check`: asks the identity environment whether this app is set up right
// (environment URL and issuer, client id and secret, redirect URI) before a user finds
// out by failing to sign in. Node only, so it lives outside core's runtime-agnostic src.
import { existsSync, readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { KitClient } from '@kit/core'

const USAGE = `Usage: kit check [options]

Checks the app's identity environment settings: KIT_ENVIRONMENT_URL (reachable, and
exactly the environment's issuer), KIT_CLIENT_ID / KIT_CLIENT_SECRET (accepted by the
token endpoint) and, with KIT_BASE_URL, the callback URL (registered for the client).
Settings come from the environment and an env file; the environment wins.

  --env <path>             read KEY=value lines (default: .env when it exists)
  --base-url <url>         the app's public origin (default: KIT_BASE_URL)
  --callback-path <path>   the callback route (default: /auth/callback)
  --timeout-ms <n>         budget of each probe in ms (default 5000)
  -h, --help               show this help

Exit code 0 when every check passes, 1 otherwise.
`

/** `KEY=value` lines as dotenv writes them: comments, `export `, single or double quotes. */
function parseEnvFile(text) {
  const out = {}
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line)
    if (!match) continue
    let value = match[2]
    const quoted = /^(['"])(.*)\1$/.exec(value)
    if (quoted) value = quoted[1] === '"' ? quoted[2].replace(/\\n/g, '\n') : quoted[2]
    else value = value.replace(/\s+#.*$/, '')
    out[match[1]] = value
  }
  return out
}

function readSettings(values) {
  const file = values['env'] ?? (existsSync('.env') ? '.env' : undefined)
  let fromFile = {}
  if (file !== undefined) {
    try {
      fromFile = parseEnvFile(readFileSync(file, 'utf8'))
    } catch (error) {
      throw new Error(`cannot read --env ${file}: ${error.code ?? error.message}`)
    }
  }
  return { env: { ...fromFile, ...process.env }, file }
}

function redirectUriOf(values, env) {
  const base = values['base-url'] ?? env.KIT_BASE_URL
  if (base === undefined || base.trim() === '') return undefined
  let url
  try {
    url = new URL(base.trim())
  } catch {
    throw new Error(
      'KIT_BASE_URL (--base-url) is not an absolute URL such as http://localhost:3000',
    )
  }
  const path = values['callback-path'] ?? '/auth/callback'
  if (!path.startsWith('/')) throw new Error('--callback-path must start with "/"')
  return url.origin + path
}

const MARK = { pass: 'ok  ', fail: 'FAIL', skip: 'skip' }

async function check(values) {
  const { env, file } = readSettings(values)
  const kit = KitClient.fromEnv(env)
  const redirectUri = redirectUriOf(values, env)
  const timeoutMs = values['timeout-ms'] === undefined ? undefined : Number(values['timeout-ms'])
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
    throw new Error('--timeout-ms must be a positive integer')
  }
  console.log(
    `kit check: ${kit.environmentUrl}, client ${kit.clientId}` +
      (redirectUri ? `, callback ${redirectUri}` : '') +
      (file ? ` (settings from the environment and ${file})` : ''),
  )
  const report = await kit.checkSetup({
    ...(redirectUri ? { redirectUri } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  })
  for (const result of report.results) {
    console.log(`  ${MARK[result.status]} ${result.check.padEnd(12)} ${result.message}`)
    if (result.status === 'fail') {
      console.log(`       ${''.padEnd(12)} [${result.code}] fix: ${result.fix}`)
    }
  }
  const n = report.failures.length
  console.log(n === 0 ? 'All checks passed.' : `${n} problem${n === 1 ? '' : 's'} found.`)
  return report.ok ? 0 : 1
}

async function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      env: { type: 'string' },
      'base-url': { type: 'string' },
      'callback-path': { type: 'string' },
      'timeout-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help || positionals.length === 0) {
    process.stdout.write(USAGE)
    return values.help ? 0 : 1
  }
  if (positionals[0] !== 'check' || positionals.length > 1) {
    throw new Error(`unknown command "${positionals.join(' ')}"; run: kit check --help`)
  }
  return check(values)
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error) => {
    console.error(`kit: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  },
)
