// After `pnpm build`: checks each publishable package's exports map and files with
// publint, and that its types resolve under every module resolution with
// @arethetypeswrong/cli (the emulator is ESM only, checked with that profile).
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'

const root = new URL('..', import.meta.url).pathname
const attw = join(root, 'node_modules', '.bin', 'attw')
let failed = false

for (const dir of readdirSync(join(root, 'packages'))) {
  const pkgDir = join(root, 'packages', dir)
  if (!existsSync(join(pkgDir, 'package.json'))) continue
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))

  const { messages } = await publint({ pkgDir, strict: false, level: 'warning' })
  for (const m of messages) {
    console.log(`${pkg.name}: publint [${m.type}] ${formatMessage(m, pkg) ?? m.code}`)
    if (m.type === 'error') failed = true
  }

  const esmOnly = !JSON.stringify(pkg.exports).includes('"require"')
  const args = ['--pack', '.', '--format', 'ascii', ...(esmOnly ? ['--profile', 'esm-only'] : [])]
  try {
    execFileSync(attw, args, { cwd: pkgDir, stdio: 'pipe' })
    console.log(`${pkg.name}: exports OK (publint, attw${esmOnly ? ' esm-only' : ''})`)
  } catch (error) {
    failed = true
    console.log(`${pkg.name}: attw found problems:\n${error.stdout ?? error.message}`)
  }
}
process.exit(failed ? 1 : 0)
