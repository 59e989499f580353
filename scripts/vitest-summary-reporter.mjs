// A vitest reporter that writes what scripts/vitest-run.mjs prints at the end of a run:
// the counts, and every failure by name with its first line. It replaces vitest's JSON
// report, which drops the error of a failed `beforeAll`/`afterAll` hook (it sits on the
// describe block, not on a test or the file), so a browser suite whose app never started
// showed as "10 skipped, no message" at the end of CI's log.
//
// Where to write comes from KIT_VITEST_SUMMARY (a file path), since reporters named on
// vitest's command line take no options.
import { writeFileSync } from 'node:fs'
import { relative } from 'node:path'

export default class SummaryReporter {
  onInit(ctx) {
    this.root = ctx.config.root
  }

  onFinished(files = [], errors = []) {
    const out = process.env.KIT_VITEST_SUMMARY
    if (!out) return
    const summary = { passed: 0, failed: 0, skipped: 0, files: files.length, failures: [] }
    for (const file of files) {
      const path = relative(this.root ?? process.cwd(), file.filepath)
      // A file that failed to load or whose top-level hooks threw.
      for (const e of file.result?.errors ?? []) summary.failures.push(`${path}: ${firstLine(e)}`)
      walk(file.tasks ?? [], [], (task, names) => {
        const name = [...names, task.name].join(' > ')
        if (task.type === 'suite') {
          // A failed hook of a describe block: its tests were skipped, the reason is here.
          for (const e of task.result?.errors ?? [])
            summary.failures.push(`${path} > ${name} (hook): ${firstLine(e)}`)
          return
        }
        const state = task.result?.state
        if (state === 'pass') summary.passed++
        else if (state === 'fail') {
          summary.failed++
          summary.failures.push(`${path} > ${name}: ${firstLine(task.result?.errors?.[0])}`)
        } else summary.skipped++
      })
    }
    for (const e of errors) summary.failures.push(`unhandled error: ${firstLine(e)}`)
    writeFileSync(out, JSON.stringify(summary))
  }
}

function walk(tasks, names, visit) {
  for (const task of tasks) {
    visit(task, names)
    if (task.type === 'suite') walk(task.tasks ?? [], [...names, task.name], visit)
  }
}

function firstLine(error) {
  const text = error?.message || error?.stack || String(error ?? '')
  return text.split('\n').find((l) => l.trim() !== '') ?? 'no message'
}
