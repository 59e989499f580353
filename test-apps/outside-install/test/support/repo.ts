import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The monorepo's root folder (the tests read its scripts and package manifests). */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))

/** The fixture apps copied into each outside app. */
export const fixturesDir = fileURLToPath(new URL('../../app/', import.meta.url))

/** A package.json of the monorepo, parsed. */
export function readManifest(relativePath: string): {
  name: string
  private?: boolean
  engines?: { node?: string }
} {
  return JSON.parse(readFileSync(`${repoRoot}${relativePath}`, 'utf8'))
}
