// The e2e start order (vitest.config.ts's sequencer): the listed files first, in the
// list's order, everything else in vitest's order; a renamed file must fail here rather
// than silently fall back to vitest's order.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { E2E_FIRST, e2eFirst, type SpecLike } from '../src/e2e-order.js'
import { ROOT } from '../src/next-build.js'

const TEST_APPS = join(ROOT, 'test-apps')
const spec = (project: string, file: string): SpecLike => ({
  moduleId: join(TEST_APPS, file),
  project: { name: project, config: { root: TEST_APPS } },
})
const names = (specs: SpecLike[]) =>
  specs.map((s) => `${s.project.name}:${s.moduleId.slice(TEST_APPS.length + 1)}`)

describe('e2e start order', () => {
  it('names e2e files that exist', () => {
    for (const file of E2E_FIRST) {
      expect(file).toMatch(/\.e2e\.test\.ts$/)
      expect(existsSync(join(TEST_APPS, file)), file).toBe(true)
    }
  })

  it('starts both Next.js builds first, then the file that reuses one of them', () => {
    expect(E2E_FIRST.slice(0, 3)).toEqual([
      'multi-instance/multi-instance.e2e.test.ts',
      'next-e2e/next15.e2e.test.ts',
      'next-e2e/next16.e2e.test.ts',
    ])
  })

  it('moves the listed files to the front in the list order and keeps the rest in place', () => {
    const vitestOrder = [
      spec('e2e', 'e2e/express.e2e.test.ts'),
      spec('e2e', 'next-e2e/next16.e2e.test.ts'),
      spec('e2e', 'e2e/harness.e2e.test.ts'),
      spec('e2e', 'multi-instance/multi-instance.e2e.test.ts'),
      spec('e2e', 'e2e/fastify.e2e.test.ts'),
      spec('e2e', 'next-e2e/next15.e2e.test.ts'),
    ]
    expect(names(e2eFirst(vitestOrder))).toEqual([
      'e2e:multi-instance/multi-instance.e2e.test.ts',
      'e2e:next-e2e/next15.e2e.test.ts',
      'e2e:next-e2e/next16.e2e.test.ts',
      'e2e:e2e/express.e2e.test.ts',
      'e2e:e2e/harness.e2e.test.ts',
      'e2e:e2e/fastify.e2e.test.ts',
    ])
  })

  it('leaves the files of other projects in vitest order', () => {
    // A file of another project at a listed path (no such file exists) is not moved.
    const vitestOrder = [
      spec('core', 'a.test.ts'),
      spec('core', 'next-e2e/next15.e2e.test.ts'),
      spec('core', 'b.test.ts'),
    ]
    expect(e2eFirst(vitestOrder)).toEqual(vitestOrder)
  })
})
