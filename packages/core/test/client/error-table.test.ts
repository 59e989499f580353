// docs/core.md's error table is what users switch on: every code of the closed union
// in errors.ts has its own row, so a new code cannot ship undocumented.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const here = import.meta.dirname
const errorsTs = readFileSync(resolve(here, '../../src/errors.ts'), 'utf8')
const coreMd = readFileSync(resolve(here, '../../../../docs/core.md'), 'utf8')

describe('docs/core.md error table', () => {
  it('has a row for every KitErrorCode', () => {
    const union = errorsTs.slice(errorsTs.indexOf('export type KitErrorCode'))
    const codes = [...union.slice(0, union.indexOf('\n\n')).matchAll(/'(ERR_KIT_[A-Z_]+)'/g)].map(
      (m) => m[1]!,
    )
    expect(codes.length).toBeGreaterThan(30)
    const section = coreMd.slice(
      coreMd.indexOf('### Errors'),
      coreMd.indexOf('### Security behaviour'),
    )
    const rows = new Set([...section.matchAll(/^\| `(ERR_KIT_[A-Z_]+)` \|/gm)].map((m) => m[1]))
    expect(codes.filter((code) => !rows.has(code))).toEqual([])
  })
})
