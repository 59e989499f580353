import { join } from 'node:path'
import { readManifest, repoRoot } from './repo.js'

/** `engines.node` of `@kit/core`, the range every package of the repository states. */
export function enginesRange(): string {
  return readManifest('packages/core/package.json').engines?.node ?? ''
}

/**
 * The lowest Node of each part of the `engines` range (`^20.19.0 || >=22.12.0` ->
 * `['20.19.0', '22.12.0']`). The floor runs use exactly these versions, so a range that
 * promises a Node the builds do not run on fails the test.
 */
export function engineFloors(): string[] {
  const range = enginesRange()
  const floors = range.split('||').map((part) => /^\s*(?:\^|>=)\s*(\d+\.\d+\.\d+)\s*$/.exec(part))
  if (floors.length === 0 || floors.some((m) => !m?.[1])) {
    throw new Error(`@kit/core engines.node is "${range}", expected "^X.Y.Z || >=X.Y.Z" parts`)
  }
  return floors.map((m) => m?.[1] ?? '')
}

/** Path of a `node` binary of `version`, from the registry's Node package (cached). */
export async function nodeBinary(version: string): Promise<string> {
  // A path held in a variable: the script is plain JS shared with CI, loaded at run time.
  const script = join(repoRoot, 'scripts/node-runtime.mjs')
  const { ensureNode } = (await import(script)) as {
    ensureNode(version: string): Promise<string>
  }
  return ensureNode(version)
}
