/**
 * What every instance process reads besides the kit's own `KIT_*` variables (which the
 * adapters read themselves, as in a real deployment): its name, its port, the Redis URL
 * all instances share, and the refresh skew the test shortens so a session's access
 * token enters the refresh window seconds after login instead of minutes.
 */
export interface InstanceEnv {
  /** Shown in every answer so the test knows which instance served a request. */
  name: string
  port: number
  redisUrl: string
  refreshSkewSeconds: number
}

/** Reads the settings the test passes; a missing one is a harness bug, so fail loudly. */
export function readInstanceEnv(env: NodeJS.ProcessEnv = process.env): InstanceEnv {
  const get = (key: string): string => {
    const value = env[key]
    if (!value) throw new Error(`multi-instance app: ${key} is not set`)
    return value
  }
  return {
    name: get('INSTANCE_NAME'),
    port: Number(get('PORT')),
    redisUrl: get('REDIS_URL'),
    refreshSkewSeconds: Number(get('KIT_TEST_REFRESH_SKEW')),
  }
}
