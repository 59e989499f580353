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
  options: { cwd?: string; env: NodeJS.ProcessEnv },
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

/** Runs a command to its end, resolving with its output; rejects with the output on failure. */
export async function runToEnd(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const { child, output } = startProcess(command, args, { cwd, env })
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', resolve)
  })
  if (code !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${code}) in ${cwd}:\n${output()}`)
  }
  return output()
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
