// Checks every publishable package's exports map and files with publint, after
// `pnpm build`. Fails (exit 1) on any error-level finding.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'

const root = new URL('..', import.meta.url).pathname
let failed = false
for (const dir of readdirSync(join(root, 'packages'))) {
  const pkgDir = join(root, 'packages', dir)
  if (!existsSync(join(pkgDir, 'package.json'))) continue
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
  const { messages } = await publint({ pkgDir, strict: false, level: 'warning' })
  for (const m of messages) {
    const text = formatMessage(m, pkg) ?? m.code
    console.log(`${pkg.name}: [${m.type}] ${text}`)
    if (m.type === 'error') failed = true
  }
  if (messages.length === 0) console.log(`${pkg.name}: exports OK`)
}
process.exit(failed ? 1 : 0)
