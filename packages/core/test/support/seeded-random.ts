/**
 * A repeatable pseudo-random integer source for generated-input tests (mulberry32): the
 * same seed gives the same cases on every run, and every value below `n` comes up about
 * equally often. Integer arithmetic throughout: a textbook LCG in floating point loses
 * its low bits past 2^53 and then returns only a few values.
 *
 * @example
 * ```ts
 * const random = seededRandom(7)
 * random(14) // an integer in [0, 14)
 * ```
 */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed >>> 0
  return (n: number) => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296
    return Math.floor(unit * n)
  }
}
