/**
 * A small OpenID provider that the tests fully control, for the hostile cases a real
 * provider would never produce: bad signatures, forged algorithms, wrong claims,
 * broken key sets. It serves discovery, a JWKS and a token endpoint over real HTTP on
 * port 0; the tests mint tokens with `sign()` and choose what each endpoint answers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose'

/** A signing key of the test provider (or of an attacker). */
export interface TestKey {
  kid: string
  alg: 'RS256' | 'ES256'
  privateKey: CryptoKey
  publicKey: CryptoKey
  /** Public JWK with kid, alg and use=sig. */
  jwk: JWK
}

/** How the JWKS endpoint misbehaves. */
export type JwksMode = 'ok' | 'timeout' | 'invalid-json' | 'status-500'

/** What the token endpoint answers: a JSON body and a status. */
export interface TokenAnswer {
  status?: number
  body: Record<string, unknown>
}

/** Creates a key pair with a public JWK. */
export async function createTestKey(kid: string, alg: 'RS256' | 'ES256'): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true })
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' }
  return { kid, alg, privateKey, publicKey, jwk }
}

/** base64url of a JSON value or raw bytes. */
export function b64url(value: unknown): string {
  const bytes =
    value instanceof Uint8Array ? value : new TextEncoder().encode(JSON.stringify(value))
  return Buffer.from(bytes).toString('base64url')
}

export class HostileIdp {
  readonly clientId = 'hostile-client'
  readonly clientSecret = 'hostile-secret'
  url = ''
  rs!: TestKey
  es!: TestKey
  /** Keys the JWKS endpoint publishes (tests may replace it). */
  jwks: JWK[] = []
  jwksMode: JwksMode = 'ok'
  /** Discovery: served as built from `url`, 404, a 500, broken JSON, or this document. */
  discovery: 'serve' | 'missing' | 'status-500' | 'invalid-json' | Record<string, unknown> = 'serve'
  /** When true the token endpoint never answers. */
  tokenHangs = false
  /** Answer of the token endpoint; a function sees the request's form parameters. */
  token: TokenAnswer | ((params: URLSearchParams) => TokenAnswer) = { status: 400, body: {} }
  readonly hits = { discovery: 0, jwks: 0, token: 0 }
  /** Every path requested, in order. */
  readonly paths: string[] = []
  lastTokenRequest: { params: URLSearchParams; authorization?: string } | undefined
  #server: Server | undefined
  readonly #sockets = new Set<Socket>()

  /** Starts the provider on a free port. */
  static async start(): Promise<HostileIdp> {
    const idp = new HostileIdp()
    idp.rs = await createTestKey('rs-1', 'RS256')
    idp.es = await createTestKey('es-1', 'ES256')
    idp.jwks = [idp.rs.jwk, idp.es.jwk]
    await idp.#listen()
    return idp
  }

  get issuer(): string {
    return this.url
  }

  async #listen(): Promise<void> {
    const server = createServer((req, res) => {
      this.#handle(req, res).catch((err) => {
        res.statusCode = 500
        res.end(String(err))
      })
    })
    server.on('connection', (socket) => {
      this.#sockets.add(socket)
      socket.on('close', () => this.#sockets.delete(socket))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    this.#server = server
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.url).pathname
    this.paths.push(path)
    if (path === '/.well-known/openid-configuration') {
      this.hits.discovery++
      if (this.discovery === 'missing') return json(res, 404, { error: 'not_found' })
      if (this.discovery === 'status-500') return json(res, 500, { error: 'boom' })
      if (this.discovery === 'invalid-json') {
        res.setHeader('content-type', 'application/json')
        res.end('{"issuer":')
        return
      }
      return json(res, 200, this.discovery === 'serve' ? this.discoveryDocument() : this.discovery)
    }
    if (path === '/keys') {
      this.hits.jwks++
      if (this.jwksMode === 'timeout') return // never answers; the socket is destroyed on close
      if (this.jwksMode === 'status-500') return json(res, 500, { error: 'boom' })
      if (this.jwksMode === 'invalid-json') {
        res.setHeader('content-type', 'application/json')
        res.end('{"keys": [')
        return
      }
      return json(res, 200, { keys: this.jwks })
    }
    if (path === '/oauth/token' && req.method === 'POST') {
      this.hits.token++
      if (this.tokenHangs) return // never answers; the socket is destroyed on close
      const chunks: Buffer[] = []
      for await (const chunk of req) chunks.push(chunk as Buffer)
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
      this.lastTokenRequest = { params, authorization: req.headers.authorization }
      const answer = typeof this.token === 'function' ? this.token(params) : this.token
      return json(res, answer.status ?? 200, answer.body, { 'cache-control': 'no-store' })
    }
    json(res, 404, { error: 'not_found' })
  }

  /** The discovery document this provider serves by default. */
  discoveryDocument(): Record<string, unknown> {
    return {
      issuer: this.url,
      authorization_endpoint: `${this.url}/oauth/authorize`,
      token_endpoint: `${this.url}/oauth/token`,
      jwks_uri: `${this.url}/keys`,
      end_session_endpoint: `${this.url}/oidc/logout`,
      id_token_signing_alg_values_supported: ['RS256', 'ES256'],
      response_types_supported: ['code'],
    }
  }

  /** Valid ID token claims for this client, with overrides (undefined removes a claim). */
  idClaims(overrides: Record<string, unknown> = {}): JWTPayload {
    const now = Math.floor(Date.now() / 1000)
    const claims: Record<string, unknown> = {
      iss: this.url,
      sub: 'usr_123',
      aud: this.clientId,
      iat: now,
      exp: now + 300,
      nonce: 'n-0S6_WzA2Mj',
      email: 'alice@acme.test',
      email_verified: true,
      name: 'Alice Admin',
      given_name: 'Alice',
      family_name: 'Admin',
      oid: 'org_acme',
      amr: ['conn_acme_sso'],
      ...overrides,
    }
    for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k]
    return claims as JWTPayload
  }

  /** Valid access token claims, with overrides (undefined removes a claim). */
  accessClaims(overrides: Record<string, unknown> = {}): JWTPayload {
    const now = Math.floor(Date.now() / 1000)
    const claims: Record<string, unknown> = {
      iss: this.url,
      sub: 'usr_123',
      aud: 'https://api.example',
      iat: now,
      exp: now + 300,
      client_id: this.clientId,
      oid: 'org_acme',
      sid: 'ses_1',
      roles: ['admin'],
      permissions: ['projects:read', 'org:manage'],
      scope: 'openid profile email',
      ...overrides,
    }
    for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k]
    return claims as JWTPayload
  }

  /** Signs claims with a key (default: the published RS256 key); header fields can be added or removed. */
  async sign(
    claims: JWTPayload,
    options: { key?: TestKey; header?: Record<string, unknown>; noKid?: boolean } = {},
  ): Promise<string> {
    const key = options.key ?? this.rs
    const header: Record<string, unknown> = { alg: key.alg, kid: key.kid, ...options.header }
    if (options.noKid) delete header['kid']
    return new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key.privateKey)
  }

  /** A token endpoint answer carrying this ID token. */
  answerWith(idToken: string, extra: Record<string, unknown> = {}): void {
    this.token = {
      body: {
        access_token: 'at-opaque',
        token_type: 'Bearer',
        expires_in: 300,
        refresh_token: 'rt-1',
        id_token: idToken,
        ...extra,
      },
    }
  }

  /** Stops the server, cutting any hanging connection. */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy()
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve())
  }
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

/** A URL on which nothing listens (connection refused). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}
