import type { IncomingMessage } from 'node:http'
import { RequestError } from './errors.js'

/** Default request body limit: 1 MiB, plenty for any management API call. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024

/** Options for reading a request body. */
export interface ReadBodyOptions {
  /** Maximum body size in bytes (default {@link DEFAULT_BODY_LIMIT}). */
  limit?: number
}

/**
 * Reads the whole request body, refusing it as soon as it passes `limit` so a huge or
 * endless upload cannot exhaust memory. Throws a {@link RequestError} 413 when too large
 * and 400 when the client aborts mid-body.
 */
export function readBody(req: IncomingMessage, opts: ReadBodyOptions = {}): Promise<Buffer> {
  const limit = opts.limit ?? DEFAULT_BODY_LIMIT
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) {
    req.resume()
    return Promise.reject(tooLarge(limit))
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const finish = (error: RequestError | null) => {
      if (settled) return
      settled = true
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.off('aborted', onAborted)
      if (error) {
        req.resume()
        reject(error)
      } else resolve(Buffer.concat(chunks, size))
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) finish(tooLarge(limit))
      else chunks.push(chunk)
    }
    const onEnd = () => finish(null)
    const onError = () =>
      finish(new RequestError(400, 'INVALID_ARGUMENT', 'request body could not be read'))
    const onAborted = () =>
      finish(new RequestError(400, 'INVALID_ARGUMENT', 'request body was aborted'))
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
    req.on('aborted', onAborted)
  })
}

/**
 * Reads and parses a JSON object body. An empty body gives `{}` (many API calls have
 * optional bodies); anything that is not a JSON object is a 400 naming the problem.
 */
export async function readJson<T extends Record<string, unknown> = Record<string, unknown>>(
  req: IncomingMessage,
  opts: ReadBodyOptions = {},
): Promise<T> {
  const raw = (await readBody(req, opts)).toString('utf8')
  if (raw.trim() === '') return {} as T
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch (cause) {
    throw new RequestError(400, 'INVALID_ARGUMENT', 'request body is not valid JSON', { cause })
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new RequestError(400, 'INVALID_ARGUMENT', 'request body must be a JSON object')
  }
  return value as T
}

/** Reads an `application/x-www-form-urlencoded` body (login forms, token requests). */
export async function readForm(
  req: IncomingMessage,
  opts: ReadBodyOptions = {},
): Promise<URLSearchParams> {
  return new URLSearchParams((await readBody(req, opts)).toString('utf8'))
}

function tooLarge(limit: number): RequestError {
  return new RequestError(413, 'PAYLOAD_TOO_LARGE', `request body is larger than ${limit} bytes`)
}
