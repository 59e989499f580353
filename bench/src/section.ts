/**
 * What the benchmark scripts share: the machine line, the targets they measured (one
 * builder, {@link targetFrom}), the raw-numbers file and their own section of
 * docs/benchmarks.md (between `<!-- name:start -->` and `<!-- name:end -->`, which
 * `pnpm bench` carries over when it rewrites the file).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { quick } from './args.js'

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

/** What {@link machine} returns: where and when a section's numbers were measured. */
export type Machine = ReturnType<typeof machine>

/**
 * The two lines under every section's introduction: the command that produced it (with
 * `after`, e.g. how long it took, appended) and {@link machine}'s line.
 */
export function runLines(command: string, meta: Machine, after = ''): string[] {
  return [
    `- command: \`${command}\`${after}`,
    `- date: ${meta.date}; Node ${meta.node}; ${meta.cpu}; load average ${meta.load}`,
  ]
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
  /**
   * The same measurement read against the run's controls, when the goal's base is noisy
   * (throughput: "0.918 x bare, nextTick shape kept; 0.928 x bare in a kit process").
   * Shown beside `measured`; `met` still reads the goal as the issue defines it.
   */
  controls?: string
}

/** Arithmetic mean of a non-empty list (the throughput table's per-row figures). */
export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  return percentile(xs, 50)
}

/** Nearest-rank percentile (0-100) of a non-empty list. */
export function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[Math.min(rank, sorted.length) - 1]!
}

/** Smallest, median and largest of a non-empty list. */
export function spread(xs: readonly number[]): { min: number; median: number; max: number } {
  return { min: Math.min(...xs), median: median(xs), max: Math.max(...xs) }
}

/**
 * Three decimals: enough that a ratio just under its goal (0.968 against 0.97) never
 * reads as the goal itself.
 */
function round3(x: number): number {
  return Math.round(x * 1000) / 1000
}

/** What a script measured for one target, for {@link targetFrom}. */
export type TargetSpec = {
  id: number
  label?: string
  /** Unit of the values, e.g. "x bare Express", "ms", "%". */
  unit: string
  /**
   * The number the median must reach (at least, or at most with `higherIsBetter: false`);
   * none for a target that asks for numbers only (goal "reported", always met).
   */
  goal?: number
  /** False when lower is better (met at or under the goal). Default true. */
  higherIsBetter?: boolean
  /** The goal as written, when `>= {goal} {unit}` (or `<=`) does not say it. */
  goalText?: string
  /** See {@link Target.controls}. */
  controls?: string | undefined
} & (
  | {
      /** One value per round (ratios): `measured` is their median, `min`/`max` their range. */
      values: readonly number[]
    }
  | {
      /** A single figure, written without a range. */
      measured: number
    }
)

/**
 * The {@link Target} of a script's results file, the one way every script builds it:
 * median and range rounded to three decimals, `met` judged on the unrounded median.
 *
 * @example
 * ```ts
 * targetFrom({ id: 4, goal: 0.9, unit: 'x jose.jwtVerify', values: [0.9684, 0.95, 0.91] })
 * // { id: 4, goal: '>= 0.9 x jose.jwtVerify', measured: 0.95, min: 0.91, max: 0.968,
 * //   unit: 'x jose.jwtVerify', met: true }
 * targetFrom({ id: 6, unit: 'ms', measured: 10309.604001 })
 * // { id: 6, goal: 'reported', measured: 10309.604, unit: 'ms', met: true }
 * ```
 */
export function targetFrom(spec: TargetSpec): Target {
  const { id, label, unit, goal, higherIsBetter = true } = spec
  const range = 'values' in spec ? spread(spec.values) : undefined
  const value = 'measured' in spec ? spec.measured : range!.median
  const goalText =
    spec.goalText ??
    (goal === undefined ? 'reported' : `${higherIsBetter ? '>=' : '<='} ${goal} ${unit}`)
  const met = goal === undefined || (higherIsBetter ? value >= goal : value <= goal)
  return {
    id,
    ...(label === undefined ? {} : { label }),
    goal: goalText,
    measured: round3(value),
    ...(range ? { min: round3(range.min), max: round3(range.max) } : {}),
    unit,
    met,
    ...(spec.controls === undefined ? {} : { controls: spec.controls }),
  }
}

/**
 * Where results go: bench/results/ and docs/benchmarks.md, or, when `BENCH_OUTPUT_DIR` is
 * set (`pnpm bench --quick` sets it to bench/results/quick), that directory and a
 * benchmarks.md inside it, so a quick run never overwrites the documented numbers. One
 * script run with `--quick` writes to bench/results/quick too.
 */
export function outputPaths(): { results: URL; doc: URL } {
  const dir =
    process.env.BENCH_OUTPUT_DIR ??
    (quick ? fileURLToPath(new URL('../results/quick/', import.meta.url)) : undefined)
  if (dir) {
    const base = pathToFileURL(`${resolve(dir)}/`)
    return { results: base, doc: new URL('benchmarks.md', base) }
  }
  return {
    results: new URL('../results/', import.meta.url),
    doc: new URL('../../docs/benchmarks.md', import.meta.url),
  }
}

/** Writes the raw numbers to bench/results/<name>.json (biome leaves bench/results alone). */
export function writeResults(name: string, data: unknown): void {
  const dir = outputPaths().results
  mkdirSync(dir, { recursive: true })
  writeFileSync(new URL(`${name}.json`, dir), `${JSON.stringify(data, null, 2)}\n`)
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
