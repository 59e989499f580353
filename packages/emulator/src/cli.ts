#!/usr/bin/env node
import { existsSync } from 'node:fs'
import { appBaseUrl, generateSessionSecret, renderAppEnv, writeEnvFile } from './app-env.js'
import { type EmulatorHandle, startEmulator } from './server.js'
import { type CliOptions, parseCliArgs, USAGE } from './util/cli-args.js'

async function main(): Promise<void> {
  let parsed: CliOptions | 'help'
  try {
    parsed = parseCliArgs(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`kit-emulator: ${(error as Error).message}\n\n${USAGE}`)
    process.exit(2)
  }
  if (parsed === 'help') {
    process.stdout.write(USAGE)
    return
  }
  const { envFile, force = false, ...opts } = parsed
  // Checked before starting too, so the mistake costs no start-up; the write itself
  // refuses again (flag `wx`) in case the file appeared meanwhile.
  if (envFile && !force && existsSync(envFile)) {
    process.stderr.write(
      `kit-emulator: --write-env ${envFile} exists; pass --force to overwrite it, or choose another path\n`,
    )
    process.exit(2)
  }
  let emu: EmulatorHandle
  try {
    emu = await startEmulator(opts)
  } catch (error) {
    process.stderr.write(`kit-emulator: ${(error as Error).message}\n`)
    process.exit(1)
  }
  // Handlers first: a supervisor may signal as soon as it reads the URL.
  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) process.exit(130)
    stopping = true
    process.stdout.write(`\nkit emulator stopping (${signal})\n`)
    emu.stop().then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(`kit-emulator: ${(error as Error).message}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  const env = renderAppEnv({
    environmentUrl: emu.url,
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
    webhookSecret: emu.webhookSecret,
    sessionSecret: generateSessionSecret(),
    baseUrl: appBaseUrl(emu.ctx.db, emu.clientId),
  })
  let written = ''
  if (envFile) {
    try {
      writeEnvFile(envFile, env, force)
      written = `  .env written to ${envFile}`
    } catch (error) {
      process.stderr.write(`kit-emulator: ${(error as Error).message}\n`)
      await emu.stop()
      process.exit(2)
    }
  }
  process.stdout.write(`${banner(emu, opts.dbPath, env, written)}\n`)
}

/** The start banner: where things are, the app's `.env`, and the management API client. */
function banner(emu: EmulatorHandle, dbPath: string | undefined, env: string, written: string) {
  const lines = [
    `kit emulator listening on ${emu.url}`,
    `  database: ${dbPath ?? '.kit/emulator.sqlite'}`,
    `  console: ${emu.url}/   mailbox: ${emu.url}/mailbox   controls: ${emu.url}/_emulator/health`,
    '',
    emu.clientId
      ? env.trimEnd()
      : '# No application client in the data: your app cannot sign in (the seed lists no "application" client).',
  ]
  if (written) lines.push(written)
  lines.push('')
  if (emu.environmentClientId) {
    lines.push(
      `Management API (M2M, client_credentials), for scripts and back-office jobs, not your app's sign-in:`,
      `  environment client id:     ${emu.environmentClientId}`,
      `  environment client secret: ${emu.environmentClientSecret}`,
    )
  }
  if (!written)
    lines.push(
      'Write the app settings to a file with --write-env <path>; register your app with --app-url <url>.',
    )
  return lines.join('\n')
}

await main()
