import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import type { RunningApp } from './harness.js'

/** Header lines to send: an object, or name/value pairs when a name must repeat. */
export type HeaderLines = Record<string, string> | readonly (readonly [string, string])[]

/** A response as received over the wire. */
export interface Received {
  status: number
  headers: IncomingHttpHeaders
  /** Every `Set-Cookie` line, in order. */
  setCookies: string[]
  location: string | undefined
  bytes: Buffer
  text: string
  /** The body parsed as JSON (typed as loosely as `JSON.parse`, like a test client's `body`). */
  json(): ReturnType<typeof JSON.parse>
}

/**
 * Sends one request to a running app over real HTTP, with the path exactly as written
 * (no normalisation) and repeated header lines kept apart, as some clients and proxies
 * send them. No fetch: it would add `Sec-Fetch-Mode`, which changes what a guard answers.
 */
export function send(
  app: RunningApp,
  method: string,
  path: string,
  options: { headers?: HeaderLines; body?: string | Uint8Array } = {},
): Promise<Received> {
  const { hostname, port } = new URL(app.url)
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () => {
        const bytes = Buffer.concat(chunks)
        const text = bytes.toString('utf8')
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          setCookies: res.headers['set-cookie'] ?? [],
          location: res.headers.location,
          bytes,
          text,
          json: () => JSON.parse(text),
        })
      })
    })
    const lines = Array.isArray(options.headers)
      ? options.headers
      : Object.entries(options.headers ?? {})
    const grouped = new Map<string, string[]>()
    for (const [name, value] of lines) {
      const key = name.toLowerCase()
      grouped.set(key, [...(grouped.get(key) ?? []), value])
    }
    for (const [name, values] of grouped)
      req.setHeader(name, values.length === 1 ? values[0]! : values)
    req.on('error', reject)
    req.end(options.body)
  })
}
