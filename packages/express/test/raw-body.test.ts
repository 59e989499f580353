import { createServer, request as httpRequest, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connect } from 'node:net'
import { KitError } from '@kit/core'
import { describe, expect, it } from 'vitest'
import { readRawBody } from '../src/raw-body.js'

/** Runs `readRawBody` on requests to a real server and reports what it resolved to. */
async function withServer(
  limit: number,
  prepare: (req: IncomingMessage) => void,
  send: (port: number) => void,
): Promise<Uint8Array | KitError> {
  let settle!: (value: Uint8Array | KitError) => void
  const outcome = new Promise<Uint8Array | KitError>((resolve) => {
    settle = resolve
  })
  const server = createServer((req, res) => {
    prepare(req)
    readRawBody(req, { limit }).then(
      (bytes) => {
        settle(bytes)
        res.end('ok')
      },
      (error: KitError) => {
        settle(error)
        res.statusCode = 400
        res.end()
      },
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    send((server.address() as AddressInfo).port)
    return await outcome
  } finally {
    server.closeAllConnections()
    server.close()
  }
}

function post(port: number, body: Buffer, headers: Record<string, string> = {}): void {
  const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/', headers })
  req.on('error', () => undefined)
  req.end(body)
}

describe('readRawBody', () => {
  it('returns the exact bytes received', async () => {
    const body = Buffer.from([0x7b, 0x20, 0x0a, 0xff, 0x00, 0x7d])
    const result = await withServer(
      1024,
      () => {},
      (port) => post(port, body),
    )
    expect(Buffer.from(result as Uint8Array).equals(body)).toBe(true)
  })

  it('refuses a declared length over the limit without reading', async () => {
    const result = await withServer(
      10,
      () => {},
      (port) => post(port, Buffer.alloc(11)),
    )
    expect(result).toBeInstanceOf(KitError)
    expect((result as KitError).code).toBe('ERR_KIT_BODY_TOO_LARGE')
  })

  it('stops a chunked body (no length) once it passes the limit', async () => {
    const result = await withServer(
      1000,
      () => {},
      (port) => {
        const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/' })
        req.on('error', () => undefined)
        for (let i = 0; i < 5; i++) req.write(Buffer.alloc(400))
        req.end()
      },
    )
    expect((result as KitError).code).toBe('ERR_KIT_BODY_TOO_LARGE')
  })

  it('reports a client that hangs up mid-body', async () => {
    const result = await withServer(
      1024,
      () => {},
      (port) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"partial":')
          setTimeout(() => socket.destroy(), 50)
        })
        socket.on('error', () => undefined)
      },
    )
    expect((result as KitError).code).toBe('ERR_KIT_BODY_INCOMPLETE')
  })

  it('uses req.rawBody (Buffer or string) kept by an earlier parser', async () => {
    const kept = await withServer(
      1024,
      (req) => {
        ;(req as IncomingMessage & { rawBody: string }).rawBody = '{"a": 1}'
        req.resume()
      },
      (port) => post(port, Buffer.from('ignored')),
    )
    expect(new TextDecoder().decode(kept as Uint8Array)).toBe('{"a": 1}')
  })

  it('refuses a stream already consumed without rawBody, naming the fix', async () => {
    const result = await withServer(
      1024,
      (req) => {
        ;(req as IncomingMessage & { _body: boolean })._body = true
      },
      (port) => post(port, Buffer.from('{}')),
    )
    expect((result as KitError).code).toBe('ERR_KIT_BODY_CONSUMED')
    expect((result as KitError).message).toContain('before body parsers')
  })
})
