/**
 * The order the e2e files start in (vitest's `sequence.sequencer`, set in the root
 * vitest.config.ts). The e2e run is `pnpm test`'s long pole, two files at a time; which
 * files run beside each other decides how long it takes.
 *
 * On a clean checkout (CI) vitest knows no durations and starts the largest files first,
 * which put the multi-instance cluster and the Next.js 16 browser file side by side: both
 * serve the same `next build` (test-support's next-build.ts builds it once, under a
 * lock), so the second one sat idle until the first had built it, and the Next.js 15
 * build started only after minutes. The files listed here start first, in this order;
 * every other file follows in vitest's own order (unknown files first, then the ones that
 * failed or took longest last time, then the largest).
 */
import { relative } from 'node:path'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * e2e files that start first, relative to `test-apps/`: the two `next build`s at once (the
 * cluster builds next16, the Next.js 15 file builds next15), then the Next.js 16 browser
 * file on the build already made, then the other long files, longest first (their
 * durations in CI: about 160, 90, 95, 65 and 60 seconds).
 */
export const E2E_FIRST: readonly string[] = [
  'multi-instance/multi-instance.e2e.test.ts',
  'next-e2e/next15.e2e.test.ts',
  'next-e2e/next16.e2e.test.ts',
  'outside-install/test/outside-install.e2e.test.ts',
  'e2e/demo.e2e.test.ts',
]

/** The fields of a vitest `TestSpecification` the order reads. */
export interface SpecLike {
  moduleId: string
  project: { name: string; config: { root: string } }
}

/**
 * `sorted` (vitest's order) with the e2e files of {@link E2E_FIRST} moved to the front in
 * that list's order; every other file keeps its place relative to the others.
 */
export function e2eFirst<T extends SpecLike>(sorted: readonly T[]): T[] {
  const rank = (spec: T): number => {
    if (spec.project.name !== 'e2e') return E2E_FIRST.length
    const index = E2E_FIRST.indexOf(relative(spec.project.config.root, spec.moduleId))
    return index === -1 ? E2E_FIRST.length : index
  }
  // Array.prototype.sort is stable: equal ranks keep vitest's order.
  return [...sorted].sort((a, b) => rank(a) - rank(b))
}

/** vitest's sequencer with {@link e2eFirst} applied after its own sort. */
export class E2eFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return e2eFirst(await super.sort(files))
  }
}
