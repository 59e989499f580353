/** The app's public origin; in the emulator's default redirect URIs (port 3000). */
export const BASE_URL = 'http://localhost:3000'
export const SESSION_SECRET = 'adapter-tests-session-secret-0123456789abcdef'
/** A valid Standard Webhooks secret (base64 of 32 bytes after `whsec_`). */
export const WEBHOOK_SECRET = `whsec_${Buffer.from('adapter-tests-webhook-key-32byte').toString('base64')}`
