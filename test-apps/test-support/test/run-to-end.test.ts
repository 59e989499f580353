// A hung `next build` must end in a message that shows what it printed, with no process
// of it left behind, and be built once more; a build that fails is not retried.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { RunTimeoutError, runToEnd } from '../src/child-process.js'
import { buildWithRetry } from '../src/next-build.js'

/** Whether `pid` runs: a killed process not yet reaped (a zombie, state Z) does not. */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z'
  } catch {
    return false
  }
}

// Prints a line, starts a grandchild that outlives nothing on its own (like a build
// worker), prints the grandchild's pid, then waits forever.
const HANGS = `
  const { spawn } = require('node:child_process')
  console.log('Collecting page data ...')
  const worker = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
  console.log('worker ' + worker.pid)
  setInterval(() => {}, 1000)
`

describe('runToEnd with a timeout', () => {
  it('kills the command and the processes it started, and reports what it printed', async () => {
    const started = Date.now()
    const error = await runToEnd(process.execPath, ['-e', HANGS], process.cwd(), process.env, {
      timeoutMs: 1500,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RunTimeoutError)
    const { message, output } = error as RunTimeoutError
    expect(message).toContain('did not finish within 1.5 s')
    expect(message).toContain('Collecting page data ...')
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400)
    const worker = Number(/worker (\d+)/.exec(output)?.[1])
    expect(worker).toBeGreaterThan(0)
    // SIGKILL to the group is delivered at once; the process dies a moment later.
    for (let i = 0; i < 50 && alive(worker); i++) await new Promise((r) => setTimeout(r, 20))
    expect(alive(worker)).toBe(false)
  })

  it('resolves with the output of a command that finishes in time', async () => {
    const output = await runToEnd(
      process.execPath,
      ['-e', 'console.log("built")'],
      process.cwd(),
      process.env,
      {
        timeoutMs: 10_000,
      },
    )
    expect(output).toBe('built\n')
  })

  it('rejects a command that fails with its exit code and output, not as a timeout', async () => {
    const error = await runToEnd(
      process.execPath,
      ['-e', 'console.error("Module not found"); process.exit(3)'],
      process.cwd(),
      process.env,
      { timeoutMs: 10_000 },
    ).catch((e: unknown) => e)
    expect(error).not.toBeInstanceOf(RunTimeoutError)
    expect((error as Error).message).toMatch(/failed \(3\)[\s\S]*Module not found/)
  })
})

describe('buildWithRetry', () => {
  it('builds once more after a hang, and only once, saying so with the hung output', async () => {
    const logged: string[] = []
    const log = (line: string) => logged.push(line)
    const calls: number[] = []
    const hang = () => {
      calls.push(calls.length)
      return calls.length === 1
        ? Promise.reject(
            new RunTimeoutError('next build did not finish', 'Collecting page data ...'),
          )
        : Promise.resolve('Compiled successfully')
    }
    expect(await buildWithRetry('next15', hang, log)).toBe('Compiled successfully')
    expect(calls).toHaveLength(2)
    expect(logged).toEqual([
      'next build of next15 hung and was killed; building again. next build did not finish\n',
    ])

    let attempts = 0
    const hangsTwice = () => {
      attempts++
      return Promise.reject(new RunTimeoutError(`hung ${attempts}`, ''))
    }
    await expect(buildWithRetry('next15', hangsTwice, log)).rejects.toThrow('hung 2')
    expect(attempts).toBe(2)
    expect(logged).toHaveLength(2)
  })

  it('does not retry a build that failed', async () => {
    let attempts = 0
    const fails = () => {
      attempts++
      return Promise.reject(new Error('Type error'))
    }
    const logged: string[] = []
    await expect(buildWithRetry('next15', fails, (line) => logged.push(line))).rejects.toThrow(
      'Type error',
    )
    expect(attempts).toBe(1)
    expect(logged).toEqual([])
  })
})
