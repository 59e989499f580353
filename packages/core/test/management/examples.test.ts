// Every public management method carries an `@example` that calls it (`kit.<group>.<method>`),
// read from the TSDoc of its resource group's client file. A method added to the route
// table and its group without an example fails here.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { MANAGEMENT_ROUTES } from '../../src/management/route-table.js'

const managementDir = fileURLToPath(new URL('../../src/management', import.meta.url))

/** `{ methodName: its TSDoc block }` for every `async name(` in the groups' client files. */
function docsByMethod(): Map<string, string> {
  const docs = new Map<string, string>()
  for (const group of readdirSync(managementDir, { withFileTypes: true })) {
    if (!group.isDirectory()) continue
    for (const file of readdirSync(join(managementDir, group.name))) {
      if (!file.endsWith('-api.ts')) continue
      const source = readFileSync(join(managementDir, group.name, file), 'utf8')
      for (const m of source.matchAll(/(\/\*\*(?:(?!\*\/)[\s\S])*\*\/)\s*async (\w+)\(/g)) {
        docs.set(m[2] as string, m[1] as string)
      }
      // A method with no TSDoc at all still counts, with an empty doc.
      for (const m of source.matchAll(/^\s*async (\w+)\(/gm)) {
        if (!docs.has(m[1] as string)) docs.set(m[1] as string, '')
      }
    }
  }
  return docs
}

describe('every management method has an @example', () => {
  const docs = docsByMethod()
  const names = Object.keys(MANAGEMENT_ROUTES)

  it('finds the TSDoc of all 89 methods', () => {
    const leaves = names.map((name) => name.split('.').pop() as string)
    expect(leaves.filter((leaf) => !docs.has(leaf))).toEqual([])
    expect(names).toHaveLength(89)
  })

  it.each(names)('%s', (name) => {
    const doc = docs.get(name.split('.').pop() as string) ?? ''
    expect(doc, 'has an @example').toContain('@example')
    const example = doc.slice(doc.indexOf('@example'))
    const call = new RegExp(`kit\\.${name.replaceAll('.', '\\.')}(?![\\w])`)
    expect(example, 'the example calls the method').toMatch(call)
  })
})
