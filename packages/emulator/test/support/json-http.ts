/** Parsed response JSON; tests check its shape field by field with assertions. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field by the tests
export type Wire = any

/** What {@link call} answers: status, headers and the body parsed as JSON when it is JSON. */
export interface JsonResponse {
  status: number
  headers: Headers
  /** The parsed JSON body; the raw text when it is not JSON; null when empty. */
  json: Wire
}

/**
 * One HTTP request with an optional JSON body (a string is sent as is, so tests can send
 * malformed JSON). The answer is read leniently, so a test sees a non-JSON error page
 * in its assertion message instead of a parse error.
 */
export async function call(
  url: string,
  method = 'GET',
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse> {
  const res = await fetch(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  let json: Wire = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    json = text
  }
  return { status: res.status, headers: res.headers, json }
}

/** Calls the management API at `url` + `path` with a bearer token (see {@link call}). */
export function api(
  url: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<JsonResponse> {
  return call(`${url}${path}`, method, body, { authorization: `Bearer ${token}` })
}
