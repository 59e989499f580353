// One `vitest run` as a child process, with its result read from the summary that
// scripts/vitest-summary-reporter.mjs writes. Shared by `pnpm test` (scripts/test-vitest.mjs) and the Node matrix
// (scripts/test-node-matrix.mjs), which both end their output with the failed tests by
// name, where a CI log's tail shows them.
import { spawn } from 'node:child_process'
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url))

/**
 * Runs vitest under `node` with `args` after `vitest run`, and resolves to its counts.
 * `output` is where its console goes: 'inherit', or a file path to hold it for later.
 *
 * @returns {Promise<{ passed: number, failed: number, skipped: number, files: number,
 *   failures: string[], ok: boolean }>}
 */
export async function runVitest({ node = process.execPath, args, env = {}, output = 'inherit' }) {
  const out = mkdtempSync(join(tmpdir(), 'kit-vitest-'))
  const report = join(out, 'summary.json')
  try {
    const argv = [
      join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      ...args,
      '--reporter=default',
      `--reporter=${join(repoRoot, 'scripts', 'vitest-summary-reporter.mjs')}`,
    ]
    const code = await runProcess(node, argv, {
      env: { ...env, KIT_VITEST_SUMMARY: report },
      output,
    })
    const summary = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : undefined
    const failures = summary?.failures ?? []
    if (code !== 0 && failures.length === 0) failures.push(`vitest exited with code ${code}`)
    return {
      passed: summary?.passed ?? 0,
      failed: summary?.failed ?? 0,
      skipped: summary?.skipped ?? 0,
      files: summary?.files ?? 0,
      failures,
      // A run that found no test is a failure: a filter that matches nothing must show.
      ok: code === 0 && failures.length === 0 && (summary?.passed ?? 0) > 0,
    }
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

/**
 * Runs `command` with `args` in the repository root and resolves to its exit code (1 when
 * killed by a signal). `output` is 'inherit' or a file path to hold its console in; the
 * promise resolves once that file has all of it.
 */
function runProcess(command, args, { env = {}, output = 'inherit' } = {}) {
  return new Promise((resolve, reject) => {
    const toFile = output !== 'inherit'
    const child = spawn(command, args, {
      cwd: repoRoot,
      stdio: toFile ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, ...env },
    })
    child.on('error', reject)
    const exit = (c, signal) => (signal ? 1 : c)
    if (!toFile) {
      child.on('close', (c, signal) => resolve(exit(c, signal)))
      return
    }
    const sink = createWriteStream(output)
    child.stdout.pipe(sink, { end: false })
    child.stderr.pipe(sink, { end: false })
    child.on('close', (c, signal) => sink.end(() => resolve(exit(c, signal))))
  })
}

/** Time since `since` (ms) as `2m05s` or `45s`. */
export function seconds(since) {
  const s = Math.round((Date.now() - since) / 1000)
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`
}
