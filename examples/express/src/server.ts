/**
 * Starts the Express example: `pnpm --filter @kit/example-express start`, or through
 * `pnpm demo`. Configuration comes from the environment (see the README).
 */
import { ExampleConfigError, loadExampleConfig } from '@kit/example-shared'
import { createExpressExample } from './app.js'

function main(): void {
  let config: ReturnType<typeof loadExampleConfig>
  try {
    config = loadExampleConfig(process.env, { defaultPort: 3000 })
  } catch (err) {
    if (err instanceof ExampleConfigError) {
      console.error(`Invalid configuration: ${err.message}`)
      process.exit(1)
    }
    throw err
  }
  const { app } = createExpressExample(config)
  const server = app.listen(config.port, () => {
    console.log(
      `Express example listening on ${config.baseUrl} (environment ${config.environmentUrl})`,
    )
  })
  server.on('error', (err) => {
    console.error(`Express example could not listen on port ${config.port}: ${err.message}`)
    process.exit(1)
  })
  const stop = () => server.close(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main()
