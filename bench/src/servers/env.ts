/** Settings the bench runner passes to each server process. */
export interface ServerEnv {
  mode: 'bare' | 'noop' | 'kit' | 'eoc'
  port: number
  baseUrl: string
  environmentUrl: string
  clientId: string
  clientSecret: string
  sessionSecret: string
}

/** Reads the runner's settings; a missing one is a bug in the runner, so fail loudly. */
export function readServerEnv(env: NodeJS.ProcessEnv = process.env): ServerEnv {
  const get = (name: string): string => {
    const value = env[name]
    if (!value) throw new Error(`bench server: ${name} is not set`)
    return value
  }
  const mode = get('BENCH_MODE')
  if (!['bare', 'noop', 'kit', 'eoc'].includes(mode))
    throw new Error(`bench server: bad BENCH_MODE ${mode}`)
  const port = Number(get('PORT'))
  return {
    mode: mode as ServerEnv['mode'],
    port,
    baseUrl: `http://localhost:${port}`,
    environmentUrl: get('KIT_ENVIRONMENT_URL'),
    clientId: get('KIT_CLIENT_ID'),
    clientSecret: get('KIT_CLIENT_SECRET'),
    sessionSecret: get('KIT_SESSION_SECRET'),
  }
}
