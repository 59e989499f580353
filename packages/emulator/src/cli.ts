#!/usr/bin/env node
import type { EmulatorOptions } from './options.js'
import { startEmulator } from './server.js'
import { parseCliArgs, USAGE } from './util/cli-args.js'

async function main(): Promise<void> {
  let opts: EmulatorOptions | 'help'
  try {
    opts = parseCliArgs(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`kit-emulator: ${(error as Error).message}\n\n${USAGE}`)
    process.exit(2)
  }
  if (opts === 'help') {
    process.stdout.write(USAGE)
    return
  }
  let emu: Awaited<ReturnType<typeof startEmulator>>
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
  const lines = [
    `kit emulator listening on ${emu.url}`,
    `  database:                  ${opts.dbPath ?? '.kit/emulator.sqlite'}`,
    `  KIT_ENVIRONMENT_URL=${emu.url}`,
    `  KIT_CLIENT_ID=${emu.clientId}`,
    `  KIT_CLIENT_SECRET=${emu.clientSecret}`,
  ]
  if (emu.environmentClientId) {
    lines.push(`  environment client id:     ${emu.environmentClientId}`)
    lines.push(`  environment client secret: ${emu.environmentClientSecret ?? ''}`)
  }
  if (emu.webhookSecret) lines.push(`  KIT_WEBHOOK_SECRET=${emu.webhookSecret}`)
  lines.push(
    `  console: ${emu.url}/   mailbox: ${emu.url}/mailbox   controls: ${emu.url}/_emulator/health`,
  )
  process.stdout.write(`${lines.join('\n')}\n`)
}

await main()
