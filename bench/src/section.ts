/**
 * What the single-purpose benchmark scripts (bench:tokens, bench:login, bench:paginate)
 * share: the machine line, the raw-numbers file and their own section of
 * docs/benchmarks.md (between `<!-- name:start -->` and `<!-- name:end -->`, which
 * `pnpm bench` carries over when it rewrites the file).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

/** Machine, Node and load average, for the section's header. */
export function machine(): { date: string; node: string; cpu: string; load: string } {
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}`,
    load: loadavg()
      .map((n) => n.toFixed(1))
      .join(' / '),
  }
}

/**
 * One issue-13 target as a script measured it, in its results file (`targets`), from
 * which `pnpm bench` builds the summary at the top of docs/benchmarks.md.
 */
export interface Target {
  /** The target's number in issue 13. */
  id: number
  /** What was measured, when a target has several parts (e.g. "public route, Express"). */
  label?: string
  /** The goal as written, e.g. ">= 0.97 x bare Express"; "reported" for numbers only. */
  goal: string
  /** The median over rounds. */
  measured: number
  min?: number
  max?: number
  /** Unit of `measured`, e.g. "x bare Express", "ms", "%". */
  unit: string
  met: boolean
}

/** Median of a non-empty list. */
export function median(xs: number[]): number {
  return percentile(xs, 50)
}

/** Nearest-rank percentile (0-100) of a non-empty list. */
export function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[Math.min(rank, sorted.length) - 1]!
}

/**
 * Where results go: bench/results/ and docs/benchmarks.md, or, when `BENCH_OUTPUT_DIR` is
 * set (`pnpm bench --quick` sets it to bench/results/quick), that directory and a
 * benchmarks.md inside it, so a quick run never overwrites the documented numbers.
 */
export function outputPaths(): { results: URL; doc: URL } {
  const dir = process.env.BENCH_OUTPUT_DIR
  if (dir) {
    const base = pathToFileURL(`${resolve(dir)}/`)
    return { results: base, doc: new URL('benchmarks.md', base) }
  }
  return {
    results: new URL('../results/', import.meta.url),
    doc: new URL('../../docs/benchmarks.md', import.meta.url),
  }
}

/** Writes the raw numbers to bench/results/<name>.json. */
export function writeResults(name: string, data: unknown): void {
  const dir = outputPaths().results
  mkdirSync(dir, { recursive: true })
  writeFileSync(new URL(`${name}.json`, dir), `${toJson(data, '')}\n`)
}

/**
 * `JSON.stringify(value, null, 2)`, except that arrays of numbers fill lines of up to
 * 100 characters, as the repository's formatter (biome) lays them out, so a fresh
 * results file passes `pnpm biome check bench`.
 */
function toJson(value: unknown, indent: string): string {
  const inner = `${indent}  `
  if (Array.isArray(value) && value.length > 0) {
    if (value.every((v) => typeof v === 'number')) {
      const lines: string[] = []
      let line = ''
      for (const [i, v] of value.entries()) {
        const item = `${JSON.stringify(v)}${i < value.length - 1 ? ',' : ''}`
        if (line && inner.length + line.length + 1 + item.length > 100) {
          lines.push(line)
          line = item
        } else line = line ? `${line} ${item}` : item
      }
      lines.push(line)
      return `[\n${lines.map((l) => inner + l).join('\n')}\n${indent}]`
    }
    return `[\n${value.map((v) => inner + toJson(v, inner)).join(',\n')}\n${indent}]`
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined)
    if (entries.length === 0) return '{}'
    const body = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${toJson(v, inner)}`)
    return `{\n${body.join(',\n')}\n${indent}}`
  }
  return JSON.stringify(value)
}

/** Replaces the `name` section of docs/benchmarks.md (or appends it). `body` has no markers. */
export function writeSection(name: string, body: string): void {
  const start = `<!-- ${name}:start -->`
  const end = `<!-- ${name}:end -->`
  const text = `${start}\n${body.trimEnd()}\n${end}`
  const target = outputPaths().doc
  let doc = '# Benchmarks\n'
  try {
    doc = readFileSync(target, 'utf8')
  } catch {
    mkdirSync(new URL('.', target), { recursive: true })
  }
  const from = doc.indexOf(start)
  const to = doc.indexOf(end)
  const updated =
    from >= 0 && to > from
      ? `${doc.slice(0, from)}${text}${doc.slice(to + end.length)}`
      : `${doc.trimEnd()}\n\n${text}\n`
  writeFileSync(target, updated)
}
