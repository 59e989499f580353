import { EmulatorBrowserError } from './errors.js'
import { type FormControl, type HtmlForm, isButtonType } from './html-forms.js'
import { formsOf, type Page } from './page.js'

/** A request a form submission makes. */
export interface Submission {
  url: URL
  method: 'GET' | 'POST'
  /** `application/x-www-form-urlencoded` body for POST. */
  body?: string
}

/** A button found on a page, with the form it submits. */
export interface FoundButton {
  form: HtmlForm
  button: FormControl
}

/**
 * Finds the submit button whose accessible name is `name` (exact after trimming, or a
 * RegExp), as `getByRole('button', { name, exact: true })` would. Zero or several
 * matches are errors naming what the page offers, so a test failure says what to fix.
 */
export function findButton(page: Page, name: string | RegExp): FoundButton {
  const found: FoundButton[] = []
  const offered: string[] = []
  for (const form of formsOf(page)) {
    for (const button of form.controls) {
      const isSubmit =
        (button.tag === 'button' && button.type === 'submit') ||
        (button.tag === 'input' && (button.type === 'submit' || button.type === 'image'))
      if (!isSubmit || button.disabled) continue
      offered.push(button.text)
      const matches =
        typeof name === 'string' ? button.text === name.trim() : name.test(button.text)
      if (matches) found.push({ form, button })
    }
  }
  const label = typeof name === 'string' ? `"${name}"` : String(name)
  if (found.length === 0)
    throw new EmulatorBrowserError(
      'ERR_EMU_BUTTON_NOT_FOUND',
      `no button ${label}; the page offers: ${offered.map((t) => `"${t}"`).join(', ') || 'none'}`,
      { page },
    )
  if (found.length > 1)
    throw new EmulatorBrowserError(
      'ERR_EMU_BUTTON_AMBIGUOUS',
      `${found.length} buttons match ${label}`,
      { page },
    )
  return found[0]!
}

/**
 * Builds what submitting `form` sends, like a browser: named controls that are enabled
 * (checkboxes and radios only when checked), then the clicked button's name and value.
 * `fill` sets fields by label text, name or id (in that order of preference); a key
 * that matches no field of the form is an error.
 */
export function buildSubmission(
  form: HtmlForm,
  options: { button?: FormControl; fill?: Record<string, string>; page?: Page } = {},
): Submission {
  const values = new Map<FormControl, string>()
  for (const [key, value] of Object.entries(options.fill ?? {})) {
    const field = findField(form, key)
    if (!field)
      throw new EmulatorBrowserError(
        'ERR_EMU_FIELD_NOT_FOUND',
        `no field labelled or named "${key}" in the form posting to ${form.action.pathname}`,
        { page: options.page },
      )
    values.set(field, value)
  }
  const data = new URLSearchParams()
  for (const c of form.controls) {
    if (!c.name || c.disabled) continue
    if (c.tag === 'button' || (c.tag === 'input' && isButtonType(c.type))) {
      if (c === options.button) data.append(c.name, c.value)
      continue
    }
    if ((c.type === 'checkbox' || c.type === 'radio') && !c.checked && !values.has(c)) continue
    if (c.type === 'file') continue
    data.append(c.name, values.get(c) ?? c.value)
  }
  if (form.method === 'post') {
    return { url: new URL(form.action), method: 'POST', body: data.toString() }
  }
  const url = new URL(form.action)
  url.search = data.toString()
  return { url, method: 'GET' }
}

function findField(form: HtmlForm, key: string): FormControl | undefined {
  const fields = form.controls.filter(
    (c) => !(c.tag === 'button' || (c.tag === 'input' && isButtonType(c.type))),
  )
  return (
    fields.find((c) => c.label === key) ??
    fields.find((c) => c.name === key) ??
    fields.find((c) => c.id === key)
  )
}
