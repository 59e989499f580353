import { html, type SafeHtml } from '../../http/index.js'
import { errorBanner, page } from './layout.js'

/** What the passwordless code page shows. */
export interface CodePageModel {
  uid: string
  email: string
  error?: string
}

/** Asks for the one-time code that was "emailed" (it is in the emulator's mailbox). */
export function codePage(model: CodePageModel): SafeHtml {
  const base = `/interaction/${encodeURIComponent(model.uid)}`
  return page(
    'Enter your code',
    html`<h1>Check your email</h1>
<p class="sub">We sent a sign-in code to ${model.email}. Open the emulator's <a href="/mailbox">mailbox</a> to read it.</p>
${errorBanner(model.error)}
<form method="post" action="${base}/code">
<label for="code">Code</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required>
<button type="submit">Verify</button>
</form>
<form method="post" action="${base}/email"><input type="hidden" name="email" value="${model.email}">
<button type="submit" class="secondary">Send a new code</button></form>`,
  )
}
