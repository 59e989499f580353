import { html, rawHtml, type SafeHtml } from '../../http/index.js'

const STYLE = rawHtml(`
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f4f5f7;margin:0;color:#1f2328}
main{max-width:420px;margin:48px auto;background:#fff;border-radius:10px;box-shadow:0 1px 4px rgba(0,0,0,.12);padding:28px 32px}
h1{font-size:1.35rem;margin:0 0 6px}p.sub{color:#57606a;margin:0 0 20px}
form{margin:0 0 12px}label{display:block;font-weight:600;margin:14px 0 6px}
input[type=email],input[type=text]{width:100%;box-sizing:border-box;padding:10px;border:1px solid #d0d7de;border-radius:6px;font-size:1rem}
button{width:100%;padding:10px;border:0;border-radius:6px;background:#2f6feb;color:#fff;font-size:1rem;cursor:pointer;margin-top:8px}
button.secondary{background:#fff;color:#1f2328;border:1px solid #d0d7de}
.error{background:#ffebe9;border:1px solid #ff8182;border-radius:6px;padding:8px 12px;margin:0 0 14px}
.divider{text-align:center;color:#57606a;margin:18px 0}.badge{font-size:.8rem;color:#57606a}
`)

/**
 * Wraps a login page body. Everything interpolated into these pages goes through the
 * `html` tagged template, so user input (emails, hints, error text) is always escaped.
 */
export function page(title: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`
}

/** An error banner, or nothing. */
export function errorBanner(message: string | undefined): SafeHtml {
  return message ? html`<p class="error" role="alert">${message}</p>` : html``
}
