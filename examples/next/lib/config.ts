import { type ExampleConfig, loadExampleConfig } from '@kit/example-shared'

/**
 * The example's settings from the environment (the same variables and emulator
 * defaults as the Express and Fastify examples), read when the server starts.
 */
export const config: ExampleConfig = loadExampleConfig(process.env, { defaultPort: 3002 })
