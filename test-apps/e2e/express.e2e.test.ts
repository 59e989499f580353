import { defineExampleSuite } from './support/example-suite.js'

// The Express example (examples/express) against an in-memory emulator, in Chromium.
defineExampleSuite('express')
