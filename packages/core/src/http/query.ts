/** Thrown by {@link readSingleParams} for a repeated, oversized or malformed parameter. */
export class BadParamError extends Error {
  /** The offending query parameter. */
  readonly param: string

  constructor(param: string, reason: string) {
    super(`query parameter "${param}" ${reason}`)
    this.param = param
  }
}

/**
 * Reads query parameters that must appear at most once. A repeated parameter is an
 * error rather than "first wins": in a callback, `state=a&state=b` is an attack on the
 * state check, and every layer must agree on which value counts.
 *
 * @example
 * ```ts
 * const { returnTo } = readSingleParams(url.searchParams, { returnTo: 2048 })
 * ```
 */
export function readSingleParams<K extends string>(
  params: URLSearchParams,
  limits: Record<K, number>,
): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {}
  for (const name of Object.keys(limits) as K[]) {
    const values = params.getAll(name)
    if (values.length > 1) throw new BadParamError(name, 'is repeated')
    const value = values[0]
    if (value === undefined || value === '') continue
    if (value.length > limits[name]) throw new BadParamError(name, 'is too long')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused
    if (/[\u0000-\u001f\u007f]/.test(value))
      throw new BadParamError(name, 'contains control characters')
    out[name] = value
  }
  return out
}
