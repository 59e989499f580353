/**
 * Reads a V8 log written with `--log-ic --log-deopt` (see processes.ts `nodeFlags`): the
 * state each inline cache ended in, and the functions V8 deoptimised. Timing two
 * processes tells that one is slower; this tells what V8 learnt differently in them, and
 * it is the same on every run (bench:process-cost `--feedback` compares its variants
 * with it).
 *
 * An inline cache (IC) is V8's record, per property access in a function, of the object
 * shapes ("maps") it has met: monomorphic (one), polymorphic (2 to 4) or megamorphic
 * (more). Optimised code is specialised to those shapes, so code shared by everything in
 * a process (Node's streams, `EventEmitter`) is slower in a process whose other objects
 * passed through it than in one where only a server's requests did.
 */
import { readFileSync } from 'node:fs'
import { LISTENING_MARK } from './servers/listening-mark.js'

/**
 * An IC state as V8's log writes it: `X` (no feedback kept) and `0` (uninitialised) <
 * `1` and `^` (monomorphic, recomputed) < `P` (polymorphic) < `N` (megamorphic).
 */
export type IcState = 'X' | '0' | '1' | '^' | 'P' | 'N'

/** One property access in one function, as the log names it. */
export interface IcSite {
  /** `Readable.push node:internal/streams/readable:395:35`, or `?` when unresolved. */
  fn: string
  /** Line and column of the access in the function's script. */
  at: string
  /** LoadIC, StoreIC, KeyedLoadIC, ... */
  kind: string
  /** The property (a name, or `symbol("kState" ...)`, or an element index). */
  key: string
}

/** What one process's log says. */
export interface FeedbackLog {
  /** Final state per site, keyed by {@link siteKey}. */
  states: Map<string, { site: IcSite; state: IcState }>
  /**
   * Functions deoptimised while serving (after the {@link LISTENING_MARK}; all of them
   * when the log has no mark), with how often and the first reason given.
   */
  deopts: Map<string, { count: number; reason: string }>
}

const RANK: Record<IcState, number> = { X: 0, '0': 0, '1': 1, '^': 1, P: 2, N: 3 }

/** The map key of a site: the same access in another process has the same key. */
export function siteKey(site: IcSite): string {
  return `${site.fn}|${site.at}|${site.kind}|${site.key}`
}

/**
 * Parses a log. Code addresses are resolved to the function whose code-creation event
 * covers them (following code moves); accesses from code the log does not name (builtins,
 * the interpreter) keep `?` and their line and column.
 */
export function readFeedbackLog(path: string): FeedbackLog {
  const code = new CodeMap()
  const states: FeedbackLog['states'] = new Map()
  const deopts: FeedbackLog['deopts'] = new Map()
  let listening = Number.NEGATIVE_INFINITY
  for (const line of readFileSync(path, 'latin1').split('\n')) {
    const fields = line.split(',')
    const event = fields[0]!
    if (event === 'code-creation') {
      // code-creation,<type>,<kind>,<time>,<start>,<size>,<name>,...
      code.add(Number.parseInt(fields[4]!, 16), Number(fields[5]), fields[6] ?? '?')
    } else if (event === 'code-move') {
      code.move(Number.parseInt(fields[1]!, 16), Number.parseInt(fields[2]!, 16))
    } else if (event.endsWith('IC') && fields.length >= 9) {
      // <kind>IC,<pc>,<time>,<line>,<column>,<old>,<new>,<map>,<key>,...
      const site: IcSite = {
        fn: code.nameAt(Number.parseInt(fields[1]!, 16)),
        at: `${fields[3]}:${fields[4]}`,
        kind: event,
        key: fields[8]!,
      }
      if (site.key === LISTENING_MARK) {
        // Deopts logged before the mark were start-up's: forget them.
        listening = Number(fields[2])
        deopts.clear()
        continue
      }
      const state = fields[6]!
      if (Object.hasOwn(RANK, state)) states.set(siteKey(site), { site, state: state as IcState })
    } else if (event === 'code-deopt' && Number(fields[1]) >= listening) {
      // code-deopt,<time>,<size>,<code start>,<inlining id>,<offset>,<type>,<location>,<reason>
      const fn = code.nameAt(Number.parseInt(fields[3]!, 16))
      const seen = deopts.get(fn)
      if (seen) seen.count++
      else deopts.set(fn, { count: 1, reason: fields.slice(8).join(',') || fields[6] || '' })
    }
  }
  return { states, deopts }
}

/** A site whose cache ended in a worse state in one process than in the baselines. */
export interface Widened {
  site: IcSite
  baseline: IcState
  here: IcState
}

/**
 * The sites that met more shapes in `log` than in any of `baselines` (processes that
 * should not differ from each other), ignoring sites the baselines never reached or kept
 * no feedback for (code only the variant runs, such as undici's own, or runs more of at
 * start-up): what the variant's history did to code the baselines run too.
 */
export function widenedSites(log: FeedbackLog, baselines: readonly FeedbackLog[]): Widened[] {
  const out: Widened[] = []
  for (const [key, { site, state }] of log.states) {
    let baseline: IcState | undefined
    for (const base of baselines) {
      const s = base.states.get(key)?.state
      if (s !== undefined && (baseline === undefined || RANK[s] > RANK[baseline])) baseline = s
    }
    // A baseline without feedback (the access ran too few times there to keep any) says
    // nothing about shapes: such sites are start-up code the variant ran more of.
    if (baseline !== undefined && RANK[baseline] >= 1 && RANK[state] > RANK[baseline]) {
      out.push({ site, baseline, here: state })
    }
  }
  return out.sort((a, b) => (a.site.fn < b.site.fn ? -1 : a.site.fn > b.site.fn ? 1 : 0))
}

/** Functions deoptimised in `log` more often than in every one of `baselines`. */
export function extraDeopts(
  log: FeedbackLog,
  baselines: readonly FeedbackLog[],
): { fn: string; count: number; baseline: number; reason: string }[] {
  const out = []
  for (const [fn, { count, reason }] of log.deopts) {
    const baseline = Math.max(0, ...baselines.map((b) => b.deopts.get(fn)?.count ?? 0))
    if (count > baseline) out.push({ fn, count, baseline, reason })
  }
  return out.sort((a, b) => (a.fn < b.fn ? -1 : a.fn > b.fn ? 1 : 0))
}

/** Code objects by start address, kept sorted for a binary search per lookup. */
class CodeMap {
  readonly #byStart = new Map<number, { size: number; name: string }>()
  readonly #starts: number[] = []

  add(start: number, size: number, name: string): void {
    if (!Number.isFinite(start) || !Number.isFinite(size)) return
    if (!this.#byStart.has(start)) this.#starts.splice(this.#lastAtOrBefore(start) + 1, 0, start)
    this.#byStart.set(start, { size, name })
  }

  move(from: number, to: number): void {
    const entry = this.#byStart.get(from)
    if (entry === undefined) return
    this.#byStart.delete(from)
    this.#starts.splice(this.#lastAtOrBefore(from), 1)
    this.add(to, entry.size, entry.name)
  }

  nameAt(pc: number): string {
    const at = this.#lastAtOrBefore(pc)
    if (at === -1) return '?'
    const start = this.#starts[at]!
    const entry = this.#byStart.get(start)!
    return pc < start + entry.size ? entry.name : '?'
  }

  /** Index of the greatest start <= address, or -1. */
  #lastAtOrBefore(address: number): number {
    const starts = this.#starts
    let lo = 0
    let hi = starts.length - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (starts[mid]! <= address) {
        found = mid
        lo = mid + 1
      } else hi = mid - 1
    }
    return found
  }
}
