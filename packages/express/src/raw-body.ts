import { KitError } from '@kit/core'
import { bodyTooLarge as tooLarge } from '@kit/core/adapter'
import type { NodeRequest } from './request-translator.js'

/** Where body parsers that keep the raw bytes (e.g. `verify` callbacks) leave them. */
type WithRawBody = NodeRequest & { rawBody?: unknown; _body?: unknown }

function asBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value
  if (typeof value === 'string') return new TextEncoder().encode(value)
  return undefined
}

/** True when something earlier in the chain has already read the request stream. */
function streamConsumed(req: WithRawBody): boolean {
  return req._body === true || req.readableEnded || req.readableDidRead
}

/**
 * Reads the request body as the exact bytes that arrived, which signature checks
 * (Standard Webhooks) need. When an earlier body parser already consumed the stream,
 * its `req.rawBody` is used if present; otherwise this fails with
 * `ERR_KIT_BODY_CONSUMED` naming the fix, rather than verifying a re-serialised body.
 * `limit` is the route's `maxBodyBytes` from `routes.endpoints`.
 *
 * @example
 * ```ts
 * const bytes = await readRawBody(req, { limit: endpoint.maxBodyBytes })
 * ```
 */
export function readRawBody(req: NodeRequest, options: { limit: number }): Promise<Uint8Array> {
  const { limit } = options
  const candidate = req as WithRawBody
  const kept = asBytes(candidate.rawBody)
  if (kept) {
    return kept.byteLength > limit ? Promise.reject(tooLarge(limit)) : Promise.resolve(kept)
  }
  if (streamConsumed(candidate)) {
    return Promise.reject(
      new KitError(
        'ERR_KIT_BODY_CONSUMED',
        'The request body was already read by a body parser mounted before the kit, so the ' +
          'raw bytes needed to verify it are gone. Mount the kit middleware before body ' +
          'parsers (express.json(), express.raw(), ...), or have the parser keep req.rawBody.',
      ),
    )
  }
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit))

  return new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const cleanup = (): void => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.off('close', onClose)
    }
    const onData = (chunk: Buffer): void => {
      size += chunk.byteLength
      if (size > limit) {
        cleanup()
        req.resume()
        reject(tooLarge(limit))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = (): void => {
      cleanup()
      resolve(Buffer.concat(chunks, size))
    }
    const onError = (err: Error): void => {
      cleanup()
      reject(
        new KitError('ERR_KIT_BODY_INCOMPLETE', 'Could not read the request body', { cause: err }),
      )
    }
    const onClose = (): void => {
      if (req.readableEnded) return
      cleanup()
      reject(
        new KitError(
          'ERR_KIT_BODY_INCOMPLETE',
          'The client closed the request before its body ended',
        ),
      )
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
    req.on('close', onClose)
  })
}
