/**
 * What an endpoint said when it refused a delivery. A status alone (401) does not tell a
 * wrong secret from a stale timestamp; the error code of the answer usually does, so
 * the delivery log keeps it beside the status.
 */

/** Bytes of an answer read for its error code; the rest is discarded unread. */
const MAX_BODY_BYTES = 16 * 1024
/** Longest code kept: a code, not a page. */
const MAX_CODE_LENGTH = 200

/**
 * The error code of an endpoint's JSON answer: `error.code` (the kit's
 * `{ error: { code, message } }`), `error` when it is a string (OAuth style) or `code`
 * (the management API's shape); null for anything else, including non-JSON answers
 * and bodies over 16 KiB.
 */
export async function responseErrorCode(res: Response): Promise<string | null> {
  const text = await readCapped(res)
  if (text === null) return null
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return null
  }
  if (!body || typeof body !== 'object') return null
  const { error, code } = body as { error?: unknown; code?: unknown }
  const nested = error && typeof error === 'object' ? (error as { code?: unknown }).code : undefined
  const found = [nested, error, code].find((v) => typeof v === 'string' && v.trim() !== '')
  return typeof found === 'string' ? found.trim().slice(0, MAX_CODE_LENGTH) : null
}

async function readCapped(res: Response): Promise<string | null> {
  if (!res.body) return null
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > MAX_BODY_BYTES) {
        await reader.cancel()
        return null
      }
      chunks.push(value)
    }
  } catch {
    return null
  }
  return new TextDecoder().decode(Buffer.concat(chunks))
}
