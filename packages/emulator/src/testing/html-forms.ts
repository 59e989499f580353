/**
 * Just enough HTML reading to drive server-rendered forms without a DOM: forms, their
 * controls (inputs, buttons, selects, textareas), labels and accessible button names.
 * Attribute values may use double, single or no quotes and may contain `>`.
 */

/** A control of a form, in document order. */
export interface FormControl {
  tag: 'input' | 'button' | 'select' | 'textarea'
  /** Lower-cased `type` (`text` for inputs without one, `submit` for buttons). */
  type: string
  name?: string
  id?: string
  /** Current value: `value` attribute, selected option, or textarea content. */
  value: string
  /** Accessible name of a button (text content, `aria-label`, or an input's value). */
  text: string
  /** Text of the `<label>` pointing at (or wrapping) the control. */
  label?: string
  checked: boolean
  disabled: boolean
}

/** A form of a page. */
export interface HtmlForm {
  id?: string
  /** The action resolved against the page URL (the page URL itself when absent). */
  action: URL
  method: 'get' | 'post'
  controls: FormControl[]
  /** The form's inner markup, for "the form that contains ..." searches. */
  html: string
}

const ATTR = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g
const TAG_BODY = `((?:[^>"']|"[^"]*"|'[^']*')*)`
const FORM = new RegExp(`<form\\b${TAG_BODY}>([\\s\\S]*?)</form\\s*>`, 'gi')
const CONTROL = new RegExp(
  `<input\\b${TAG_BODY}>|<button\\b${TAG_BODY}>([\\s\\S]*?)</button\\s*>|<select\\b${TAG_BODY}>([\\s\\S]*?)</select\\s*>|<textarea\\b${TAG_BODY}>([\\s\\S]*?)</textarea\\s*>`,
  'gi',
)
const LABEL = new RegExp(`<label\\b${TAG_BODY}>([\\s\\S]*?)</label\\s*>`, 'gi')
const OPTION = new RegExp(`<option\\b${TAG_BODY}>([\\s\\S]*?)(?=<option\\b|$)`, 'gi')
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  middot: '\u00b7',
}

/** Decodes HTML character references (named ones pages commonly use, and numeric). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1))
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole
    }
    return NAMED[ref.toLowerCase()] ?? whole
  })
}

/** Attributes of a tag's inside (`name="x" disabled`), names lower-cased, values decoded. */
export function parseAttributes(inside: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const m of inside.matchAll(ATTR)) {
    const name = (m[1] ?? '').toLowerCase()
    if (!out.has(name)) out.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''))
  }
  return out
}

/** Visible text of a fragment: tags removed, entities decoded, whitespace collapsed. */
export function textContent(fragment: string): string {
  return decodeEntities(
    fragment.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ').replace(/<[^>]*>/g, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim()
}

/** Every form of a page, with actions resolved against `pageUrl`. */
export function parseForms(page: string, pageUrl: URL): HtmlForm[] {
  const labels = collectLabels(page)
  const forms: HtmlForm[] = []
  for (const m of page.matchAll(FORM)) {
    const attrs = parseAttributes(m[1] ?? '')
    const inner = m[2] ?? ''
    const controls = parseControls(inner)
    for (const c of controls) {
      c.label = (c.id ? labels.byId.get(c.id) : undefined) ?? labels.wrapping.get(c.name ?? '')
    }
    const action = attrs.get('action')
    forms.push({
      id: attrs.get('id'),
      action: new URL(action ? action : pageUrl.href, pageUrl),
      method: attrs.get('method')?.toLowerCase() === 'post' ? 'post' : 'get',
      controls,
      html: inner,
    })
  }
  return forms
}

function parseControls(inner: string): FormControl[] {
  const controls: FormControl[] = []
  for (const m of inner.matchAll(CONTROL)) {
    if (m[1] !== undefined) {
      const a = parseAttributes(m[1])
      const type = (a.get('type') ?? 'text').toLowerCase()
      const value = a.get('value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '')
      controls.push(
        control('input', type, a, value, a.get('aria-label') ?? (isButtonType(type) ? value : '')),
      )
    } else if (m[2] !== undefined) {
      const a = parseAttributes(m[2])
      const type = (a.get('type') ?? 'submit').toLowerCase()
      controls.push(
        control(
          'button',
          type,
          a,
          a.get('value') ?? '',
          a.get('aria-label') ?? textContent(m[3] ?? ''),
        ),
      )
    } else if (m[4] !== undefined) {
      const a = parseAttributes(m[4])
      controls.push(control('select', 'select', a, selectedOption(m[5] ?? ''), ''))
    } else if (m[6] !== undefined) {
      const a = parseAttributes(m[6])
      controls.push(control('textarea', 'textarea', a, decodeEntities(m[7] ?? ''), ''))
    }
  }
  return controls
}

function control(
  tag: FormControl['tag'],
  type: string,
  a: Map<string, string>,
  value: string,
  text: string,
): FormControl {
  return {
    tag,
    type,
    name: a.get('name'),
    id: a.get('id'),
    value,
    text: text.replace(/\s+/g, ' ').trim(),
    checked: a.has('checked'),
    disabled: a.has('disabled'),
  }
}

function selectedOption(inner: string): string {
  let first: string | undefined
  for (const m of inner.matchAll(OPTION)) {
    const a = parseAttributes(m[1] ?? '')
    const value = a.get('value') ?? textContent((m[2] ?? '').replace(/<\/option\s*>[\s\S]*$/i, ''))
    first ??= value
    if (a.has('selected')) return value
  }
  return first ?? ''
}

/** Whether an input type is a button (it submits, or names itself by its value). */
export function isButtonType(type: string): boolean {
  return type === 'submit' || type === 'button' || type === 'reset' || type === 'image'
}

function collectLabels(page: string): { byId: Map<string, string>; wrapping: Map<string, string> } {
  const byId = new Map<string, string>()
  const wrapping = new Map<string, string>()
  for (const m of page.matchAll(LABEL)) {
    const attrs = parseAttributes(m[1] ?? '')
    const inner = m[2] ?? ''
    const target = attrs.get('for')
    if (target) {
      byId.set(target, textContent(inner))
      continue
    }
    const nested = /<(?:input|select|textarea)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/i.exec(inner)
    const name = nested ? parseAttributes(nested[1] ?? '').get('name') : undefined
    if (name) wrapping.set(name, textContent(inner.replace(/<select\b[\s\S]*?<\/select\s*>/gi, '')))
  }
  return { byId, wrapping }
}
