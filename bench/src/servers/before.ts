/**
 * What a bare server process does once before it serves (`BENCH_BEFORE`), for
 * bench:process-cost: which part of "a process with the kit in it" makes the process's
 * other requests slower. Each step runs once, before the app listens; nothing of it
 * happens while requests are measured.
 */
import { get } from 'node:http'
import type { ServerEnv } from './env.js'

/**
 * - `fetch`: one `fetch` of the environment's discovery document, body read: what any
 *   app does the first time it calls an HTTP API (and what the kit's start-up check and
 *   logins do, through openid-client).
 * - `http`: the same document through `node:http`, without fetch (undici): an outgoing
 *   connection of Node's own, as client libraries that do not use fetch make.
 * - `app`: a second app of the same framework (the bare app's `/` route), never
 *   listening: what a second app alone does to the one that serves.
 * - `mount`: the kit mounted on a second app that never listens, with its start-up check
 *   off, so the process makes no request.
 */
export type BeforeStep = 'fetch' | 'http' | 'app' | 'mount'

const STEPS: readonly BeforeStep[] = ['fetch', 'http', 'app', 'mount']

/** What `mount` mounted, held for the life of the process as an app holds its own. */
const held: unknown[] = []

/** Reads `BENCH_BEFORE`: undefined when unset, a start-up error when unknown. */
export function readBeforeStep(env: NodeJS.ProcessEnv = process.env): BeforeStep | undefined {
  const value = env['BENCH_BEFORE']
  if (!value) return undefined
  if (!(STEPS as readonly string[]).includes(value)) {
    throw new Error(`bench server: bad BENCH_BEFORE ${value} (${STEPS.join(', ')})`)
  }
  return value as BeforeStep
}

/**
 * Runs the step. `build` is the framework's part of `app` and `mount`: it builds an app
 * of its own that is never served, with the kit mounted (check off) when `withKit`, and
 * returns it; the app is kept alive here (a dropped app would be garbage, unlike a real
 * one).
 */
export async function runBeforeStep(
  step: BeforeStep,
  env: ServerEnv,
  build: (withKit: boolean) => Promise<unknown>,
): Promise<void> {
  const discovery = `${env.environmentUrl}/.well-known/openid-configuration`
  if (step === 'fetch') {
    const response = await fetch(discovery)
    if (!response.ok) throw new Error(`bench server: discovery answered ${response.status}`)
    await response.text()
    return
  }
  if (step === 'http') {
    await getText(discovery)
    return
  }
  held.push(await build(step === 'mount'))
}

/** GET through `node:http` (its global agent, keep-alive as fetch's), body read as text. */
function getText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      res.setEncoding('utf8')
      let text = ''
      res.on('data', (chunk: string) => {
        text += chunk
      })
      res.on('end', () => {
        if (res.statusCode === 200) resolve(text)
        else reject(new Error(`bench server: discovery answered ${res.statusCode}`))
      })
      res.on('error', reject)
    }).on('error', reject)
  })
}
