import type { Auth } from '@kit/core'

declare global {
  namespace Express {
    interface Request {
      /**
       * The signed-in identity read from the session cookie by `kitExpress()`, or `null`
       * for an anonymous request. Guards (`requireAuth()`, ...) narrow it for handlers.
       */
      auth: Auth | null
    }
  }
}
