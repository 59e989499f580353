// After `pnpm build`: checks each publishable package's exports map and files with
// publint, and that its types resolve under every module resolution with
// @arethetypeswrong/cli (the emulator is ESM only, checked with that profile).
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'

const run = promisify(execFile)
const root = new URL('..', import.meta.url).pathname
const attw = join(root, 'node_modules', '.bin', 'attw')

/** publint and attw for one package: its report lines and whether it passed. */
async function checkPackage(pkgDir) {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
  const lines = []
  let ok = true
  const { messages } = await publint({ pkgDir, strict: false, level: 'warning' })
  for (const m of messages) {
    lines.push(`${pkg.name}: publint [${m.type}] ${formatMessage(m, pkg) ?? m.code}`)
    if (m.type === 'error') ok = false
  }
  const esmOnly = !JSON.stringify(pkg.exports).includes('"require"')
  const args = ['--pack', '.', '--format', 'ascii', ...(esmOnly ? ['--profile', 'esm-only'] : [])]
  try {
    await run(attw, args, { cwd: pkgDir, maxBuffer: 64 * 1024 * 1024 })
    lines.push(`${pkg.name}: exports OK (publint, attw${esmOnly ? ' esm-only' : ''})`)
  } catch (error) {
    ok = false
    lines.push(`${pkg.name}: attw found problems:\n${error.stdout ?? error.message}`)
  }
  return { lines, ok }
}

const dirs = readdirSync(join(root, 'packages'))
  .sort()
  .map((dir) => join(root, 'packages', dir))
  .filter((dir) => existsSync(join(dir, 'package.json')))
// Each attw run packs its package and is mostly single-threaded: two at a time halve the
// wall time on CI's two cores. Reports print in package order whatever finishes first.
const results = new Array(dirs.length)
let next = 0
async function worker() {
  while (next < dirs.length) {
    const i = next++
    results[i] = await checkPackage(dirs[i])
  }
}
await Promise.all([worker(), worker()])
for (const r of results) console.log(r.lines.join('\n'))
process.exit(results.every((r) => r.ok) ? 0 : 1)
