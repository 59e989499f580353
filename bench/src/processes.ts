import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

/** A port that was free a moment ago (the server binds it right after). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Starts `servers/<name>.ts` in its own Node process and waits for its "ready" line. */
export async function startServer(
  name: 'express' | 'fastify' | 'revocation',
  env: Record<string, string>,
): Promise<ChildProcess> {
  const entry = fileURLToPath(new URL(`./servers/${name}.ts`, import.meta.url))
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each server to <dir> when it stops.
  const profile = process.env.BENCH_CPU_PROF
  const flags = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []
  const child = spawn(
    process.execPath,
    [...flags, '--conditions=@kit/source', '--import', 'tsx', entry],
    {
      env: { ...process.env, NODE_ENV: 'production', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} server did not start`)), 30_000)
    child.once('exit', (code) => reject(new Error(`${name} server exited with ${code}`)))
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer)
        resolve()
      }
    })
  })
  return child
}
