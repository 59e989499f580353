/**
 * A tiny escaping template for server-rendered pages. Every interpolated value is
 * HTML-escaped unless it is already a {@link SafeHtml} fragment, so user data (names,
 * emails, webhook payloads) can never inject markup into the example pages.
 */

/** A fragment of markup that is already safe to emit as is. */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/**
 * Escapes text for use in an element body or a quoted attribute.
 *
 * @example
 * escapeHtml('<b>"x"</b>') // '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch)
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value
  if (Array.isArray(value)) return value.map(render).join('')
  if (value === null || value === undefined || value === false) return ''
  return escapeHtml(String(value))
}

/**
 * Tagged template that escapes every interpolation; arrays are concatenated and
 * `null`/`undefined`/`false` render as nothing, which keeps conditionals short.
 *
 * @example
 * html`<p>Hello ${user.name}</p>` // the name is escaped
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? ''
  for (let i = 0; i < values.length; i++) {
    out += render(values[i]) + (strings[i + 1] ?? '')
  }
  return new SafeHtml(out)
}
