/**
 * Child processes of the suites (`next build`, `next start`, app instances): their output
 * kept for failure messages, a readiness wait that fails as soon as the child exits, and
 * a stop that escalates to SIGKILL so a hung child never outlives its test file.
 */
import { type ChildProcess, spawn } from 'node:child_process'

/** A started child and everything it has printed so far (stdout and stderr). */
export interface RunningProcess {
  child: ChildProcess
  output(): string
}

/** Spawns `command` with piped output, collected for {@link RunningProcess.output}. */
export function startProcess(
  command: string,
  args: string[],
  options: { cwd?: string; env: NodeJS.ProcessEnv; detached?: boolean },
): RunningProcess {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const collect = (chunk: Buffer) => {
    output += chunk
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  return { child, output: () => output }
}

/** Raised by {@link runToEnd} when the command outlives its `timeoutMs`. */
export class RunTimeoutError extends Error {
  constructor(
    message: string,
    /** What the command printed before it was killed. */
    readonly output: string,
  ) {
    super(message)
    this.name = 'RunTimeoutError'
  }
}

/** Options of {@link runToEnd}. */
export interface RunToEndOptions {
  /**
   * Kills the command and every process it started (its process group) after this many
   * milliseconds, and rejects with a {@link RunTimeoutError} carrying its output. Without
   * it a hung command is only ended by the test's own timeout, whose message shows none
   * of what the command printed.
   */
  timeoutMs?: number
}

/** Runs a command to its end, resolving with its output; rejects with the output on failure. */
export async function runToEnd(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  options: RunToEndOptions = {},
): Promise<string> {
  const { timeoutMs } = options
  // Its own process group, so a kill reaches the workers it forked as well.
  const { child, output } = startProcess(command, args, {
    cwd,
    env,
    detached: timeoutMs !== undefined,
  })
  let timedOut = false
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true
          killGroup(child)
        }, timeoutMs)
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', resolve)
  }).finally(() => clearTimeout(timer))
  if (timedOut) {
    throw new RunTimeoutError(
      `${command} ${args.join(' ')} did not finish within ${(timeoutMs ?? 0) / 1000} s in ${cwd}; ` +
        `killed. It printed:\n${output()}`,
      output(),
    )
  }
  if (code !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${code}) in ${cwd}:\n${output()}`)
  }
  return output()
}

/** SIGKILL to the child's whole process group (it was spawned detached). */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, 'SIGKILL')
  } catch {
    child.kill('SIGKILL')
  }
}

/** Resolves once the child has printed text matching `ready`; rejects if it exits first. */
export function waitForOutput(
  name: string,
  running: RunningProcess,
  ready: RegExp,
  timeoutMs = 30_000,
): Promise<void> {
  const { child, output } = running
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`${name} did not start within ${timeoutMs / 1000} s:\n${output()}`))
    }, timeoutMs)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${name} exited with ${code}:\n${output()}`))
    })
    const check = () => {
      if (ready.test(output())) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout?.on('data', check)
    check()
  })
}

/** Resolves once `url` answers at all (any status); rejects if the child exits first. */
export async function waitUntilAnswering(
  name: string,
  running: RunningProcess,
  url: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (running.child.exitCode !== null) {
      throw new Error(`${name} exited early:\n${running.output()}`)
    }
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2000) })
      await res.arrayBuffer()
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  throw new Error(
    `${name} did not answer at ${url} within ${timeoutMs / 1000} s:\n${running.output()}`,
  )
}

/** Stops `child` with SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
export async function stopProcess(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}
