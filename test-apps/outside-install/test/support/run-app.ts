import { type ChildProcess, spawn } from 'node:child_process'
import { freePort } from '@kit/test-support'
import { outsideEnv } from './outside-env.js'

/** A process started by {@link startProcess}, ready. */
export interface RunningProcess {
  /** The first match of the `ready` pattern in its output. */
  ready: RegExpExecArray
  /** What the process printed so far (stdout and stderr), for failure messages. */
  output(): string
  stop(): Promise<void>
}

/** A fixture app running in its own Node process. */
export interface RunningApp extends RunningProcess {
  /** The app's origin, e.g. `http://127.0.0.1:41234`. */
  url: string
}

/**
 * Starts `command args` in `cwd` with a user's environment (plus `env`) and resolves once
 * its output matches `ready`; rejects with the output when it exits or takes 90 s.
 */
export async function startProcess(opts: {
  command: string
  args: string[]
  cwd: string
  env?: Record<string, string>
  ready: RegExp
}): Promise<RunningProcess> {
  const child = spawn(opts.command, opts.args, {
    cwd: opts.cwd,
    env: outsideEnv(opts.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk
  })
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk
  })
  const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
    const label = `${opts.command} ${opts.args.join(' ')}`
    const settle = () => {
      clearTimeout(timer)
      child.stdout.off('data', check)
      child.stderr.off('data', check)
      child.off('exit', onExit)
    }
    const fail = (reason: string) => {
      settle()
      child.kill()
      reject(new Error(`${label}: ${reason}\n${output}`))
    }
    const timer = setTimeout(() => fail('not ready within 90 s'), 90_000)
    // Runs after the listeners above have appended the chunk.
    const check = () => {
      const match = opts.ready.exec(output)
      if (match) {
        settle()
        resolve(match)
      }
    }
    const onExit = (code: number | null, signal: string | null) =>
      fail(`exited with ${code ?? signal}`)
    child.stdout.on('data', check)
    child.stderr.on('data', check)
    child.on('exit', onExit)
  })
  return { ready, output: () => output, stop: () => stop(child) }
}

/**
 * Starts `node <file>` in `cwd` with the kit's settings in KIT_* variables (as a user's
 * app reads them) and resolves once it prints that it listens.
 */
export async function startApp(opts: {
  node: string
  cwd: string
  file: string
  port: number
  kitEnv: Record<string, string>
}): Promise<RunningApp> {
  const url = `http://127.0.0.1:${opts.port}`
  const running = await startProcess({
    command: opts.node,
    args: [opts.file],
    cwd: opts.cwd,
    env: { ...opts.kitEnv, KIT_BASE_URL: url, PORT: String(opts.port) },
    ready: /listening on \S+\s/,
  })
  return { ...running, url }
}

/**
 * {@link startApp} on a port that was free a moment ago, and on another one (up to three
 * tries) if the app exits with EADDRINUSE: the app needs its URL before it listens, so
 * between test-support's `freePort` and its `listen` another test's server can take the
 * port (seen once in CI, from an outgoing connection, before `freePort` drew its ports
 * below the ephemeral range). `kitEnvFor(url)` runs before each try
 * and returns the KIT_* variables for that URL (registering a client for it).
 */
export async function startAppOnFreePort(opts: {
  node: string
  cwd: string
  file: string
  kitEnvFor(url: string): Promise<Record<string, string>>
}): Promise<RunningApp> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    const kitEnv = await opts.kitEnvFor(`http://127.0.0.1:${port}`)
    try {
      return await startApp({ node: opts.node, cwd: opts.cwd, file: opts.file, port, kitEnv })
    } catch (error) {
      if (attempt >= 3 || !(error instanceof Error) || !error.message.includes('EADDRINUSE')) {
        throw error
      }
    }
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  // A process that ignores SIGTERM must not hang the suite.
  const force = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(force)
}
