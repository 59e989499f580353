import { BASE_URL, type RunningApp, SESSION_SECRET } from '@kit/adapter-suite'
import { KitClient } from '@kit/core'
import { type EmulatorHandle, type EmulatorOptions, startEmulator } from '@kit/emulator'
import {
  createKitNext,
  type KitNext,
  type KitNextOptions,
  type KitProxyOptions,
} from '../../src/index.js'
import { listen, type RouteFile, serverContext } from './next-stand-in.js'

type Handler = (request: Request) => Promise<Response>

/** A route file exporting `GET` (a module-level helper, so lint sees no component). */
export const onGet = (handler: Handler): RouteFile => ({ GET: handler })
/** A route file exporting `POST` (a server action runs as a POST). */
export const onPost = (handler: Handler): RouteFile => ({ POST: handler })

/** A real client that counts the refreshes it asks the emulator for. */
export class CountingKit extends KitClient {
  refreshes = 0
  override async refreshAccessToken(...args: Parameters<KitClient['refreshAccessToken']>) {
    this.refreshes++
    return super.refreshAccessToken(...args)
  }
}

/** An emulator, a kit for it, and a stand-in Next app serving its handlers and `pages`. */
export interface NextApp {
  emu: EmulatorHandle
  client: CountingKit
  kit: KitNext
  app: RunningApp
  close(): Promise<void>
}

/**
 * Starts the emulator (in memory, port 0) and an app with the kit's handlers under
 * `/auth/*`, the proxy when `proxy` is given, and `pages` as route files.
 */
export async function startNextApp(setup: {
  emulator?: EmulatorOptions
  options?: Omit<KitNextOptions, 'kit' | 'baseUrl' | 'session'>
  proxy?: KitProxyOptions
  pages?: (kit: KitNext) => Record<string, RouteFile>
  /** Paths of `pages` that render like server components (read-only cookies). */
  components?: readonly string[]
}): Promise<NextApp> {
  const emu = await startEmulator({ port: 0, dbPath: ':memory:', log: () => {}, ...setup.emulator })
  const client = new CountingKit({
    environmentUrl: emu.url,
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
  })
  const kit = createKitNext({
    kit: client,
    baseUrl: BASE_URL,
    session: { secret: SESSION_SECRET },
    serverContext,
    ...setup.options,
  })
  const pages = Object.entries(setup.pages?.(kit) ?? {})
  const app = await listen({
    ...(setup.proxy ? { proxy: kit.proxy(setup.proxy) } : {}),
    routes: [
      { match: (p) => p.startsWith('/auth/'), file: { ...kit.handlers } },
      ...pages.map(([path, file]) => ({
        match: (p: string) => p === path,
        file,
        component: setup.components?.includes(path) ?? false,
      })),
    ],
  })
  return {
    emu,
    client,
    kit,
    app,
    async close() {
      await app.close()
      await emu.stop()
    },
  }
}
