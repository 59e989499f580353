import { defineExampleSuite } from './support/example-suite.js'

// The Fastify example (examples/fastify) against an in-memory emulator, in Chromium.
defineExampleSuite('fastify')
