// `pnpm typecheck`: type-checks every workspace package in as few TypeScript programs as
// possible. Each package's own `tsc -p tsconfig.json` re-checks @kit/core's sources and
// Node's types (sources resolve through the `@kit/source` condition), so 21 programs took
// about 280 s of CPU; tsconfig.typecheck.json checks the packages that share the base
// options in one program (about 45 s). The rest run on their own, two at a time: the
// Next.js apps and the packages that load Next's types, whose global declarations
// (`process.env.NODE_ENV` read-only, typed routes) must not leak into the others.
//
// A package counts as covered only when tsconfig.typecheck.json includes each of its own
// `include` patterns and its tsconfig adds no compiler option; anything else (a new
// package, a pattern added to one package's tsconfig) runs on its own, so nothing drifts
// out of the check unnoticed. `pnpm --filter <pkg> typecheck` still checks one package.
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
const combinedConfig = 'tsconfig.typecheck.json'
const combined = new Set(readJson(join(root, combinedConfig)).include)

/** Workspace package directories, from the `packages:` list of pnpm-workspace.yaml. */
function workspaceDirs() {
  const lines = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8').split('\n')
  const start = lines.findIndex((l) => /^packages:\s*$/.test(l))
  const globs = []
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break
    const m = /^\s+-\s+['"]?([^'"\s]+)['"]?\s*$/.exec(line)
    if (m) globs.push(m[1])
  }
  return globs
    .flatMap((g) =>
      g.endsWith('/*')
        ? readdirSync(join(root, g.slice(0, -2))).map((d) => `${g.slice(0, -2)}/${d}`)
        : [g],
    )
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'))
}

function coveredByCombined(dir) {
  const config = readJson(join(root, dir, 'tsconfig.json'))
  if (config.compilerOptions && Object.keys(config.compilerOptions).length > 0) return false
  return (config.include ?? []).every((p) => combined.has(`${dir}/${p}`))
}

const programs = [{ name: combinedConfig, config: join(root, combinedConfig) }]
for (const dir of workspaceDirs()) {
  const pkg = readJson(join(root, dir, 'package.json'))
  if (!pkg.scripts?.typecheck) continue
  if (!existsSync(join(root, dir, 'tsconfig.json'))) continue
  if (!coveredByCombined(dir))
    programs.push({ name: dir, config: join(root, dir, 'tsconfig.json') })
}

const started = Date.now()
const failures = []
let next = 0
async function worker() {
  while (next < programs.length) {
    const program = programs[next++]
    const t0 = Date.now()
    const result = await new Promise((resolve) => {
      execFile(
        process.execPath,
        [tsc, '-p', program.config],
        { cwd: root, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => resolve({ ok: !error, output: `${stdout}${stderr}`.trim() }),
      )
    })
    const took = ((Date.now() - t0) / 1000).toFixed(1)
    process.stdout.write(`typecheck: ${program.name} ${result.ok ? 'ok' : 'FAILED'} (${took} s)\n`)
    if (!result.ok) failures.push(`== ${program.name}\n${result.output}`)
  }
}
await Promise.all([worker(), worker()])
for (const f of failures) process.stdout.write(`${f}\n`)
const total = ((Date.now() - started) / 1000).toFixed(1)
process.stdout.write(
  `typecheck: ${programs.length} programs, ${failures.length} failed, ${total} s` +
    ` (${relative(root, join(root, combinedConfig))} covers the packages not listed)\n`,
)
process.exit(failures.length > 0 ? 1 : 0)
