/**
 * Starts the Fastify example: `pnpm --filter @kit/example-fastify start`, or through
 * `pnpm demo`. Configuration comes from the environment (see the README).
 */
import { ExampleConfigError, loadExampleConfig } from '@kit/example-shared'
import { createFastifyExample } from './app.js'

async function main(): Promise<void> {
  let config: ReturnType<typeof loadExampleConfig>
  try {
    config = loadExampleConfig(process.env, { defaultPort: 3001 })
  } catch (err) {
    if (err instanceof ExampleConfigError) {
      console.error(`Invalid configuration: ${err.message}`)
      process.exit(1)
    }
    throw err
  }
  const { app } = await createFastifyExample(config)
  try {
    await app.listen({ port: config.port })
  } catch (err) {
    console.error(
      `Fastify example could not listen on port ${config.port}: ${(err as Error).message}`,
    )
    process.exit(1)
  }
  console.log(
    `Fastify example listening on ${config.baseUrl} (environment ${config.environmentUrl})`,
  )
  const stop = () => {
    app.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
