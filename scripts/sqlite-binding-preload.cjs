// Loaded with `node --require` (through NODE_OPTIONS) by the Node 22/24 test runs: when
// better-sqlite3 loads its native module, load the one built for this Node instead
// (KIT_TEST_SQLITE_BINDING, from scripts/sqlite-binding.mjs). The installed binary stays
// in place for every other process, so a run on another Node never breaks a Node 20 run
// going on at the same time, and nothing needs restoring if the run is killed.
// process.dlopen is public API and every `.node` load goes through it.
'use strict'
const { basename } = require('node:path')

const replacement = process.env.KIT_TEST_SQLITE_BINDING
if (replacement) {
  const dlopen = process.dlopen
  process.dlopen = function dlopenForThisNode(module, filename, ...rest) {
    const target = basename(filename) === 'better_sqlite3.node' ? replacement : filename
    return dlopen.call(this, module, target, ...rest)
  }
}
