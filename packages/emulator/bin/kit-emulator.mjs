#!/usr/bin/env node
// The CLI lives in the build output; this committed shim lets package managers link the
// `kit-emulator` bin before the package is built (workspace installs).
await import('../dist/cli.js')
