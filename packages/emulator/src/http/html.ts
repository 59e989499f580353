const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (ch) => ESCAPES[ch] as string)
}

/** Markup that is already safe and must not be escaped again (built by {@link html}). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

/** Marks a trusted, constant markup string as safe. Never pass user input here. */
export function rawHtml(value: string): SafeHtml {
  return new SafeHtml(value)
}

/**
 * Tagged template for pages: every interpolation is escaped unless it is itself the
 * result of `html` (or {@link rawHtml}); arrays are joined, null/undefined/false vanish.
 * So user-controlled data can never inject markup.
 *
 * @example
 * html`<li>${user.email}</li>` // <li>a&lt;b@x</li>
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? ''
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '')
  })
  return new SafeHtml(out)
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return ''
  if (value instanceof SafeHtml) return value.value
  if (Array.isArray(value)) return value.map(render).join('')
  return escapeHtml(value)
}
