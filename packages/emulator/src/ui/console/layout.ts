import { html, rawHtml, type SafeHtml } from '../../http/html.js'

const STYLE = `
  :root { color-scheme: light dark; --fg: #1b1f24; --muted: #5b6470; --bg: #f6f7f9; --card: #fff; --line: #dde1e6; --accent: #3b5bdb; }
  @media (prefers-color-scheme: dark) { :root { --fg: #e6e8eb; --muted: #9aa3ad; --bg: #14171a; --card: #1c2024; --line: #2e343a; --accent: #7c94ff; } }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
  header { display: flex; gap: 1.5rem; align-items: baseline; padding: 0.9rem 1.5rem; border-bottom: 1px solid var(--line); background: var(--card); }
  header h1 { font-size: 1.05rem; margin: 0; }
  header nav a { margin-right: 1rem; color: var(--accent); text-decoration: none; }
  main { padding: 1.25rem 1.5rem; max-width: 1200px; }
  section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 0.75rem 1rem 1rem; margin-bottom: 1.25rem; }
  h2 { font-size: 1rem; margin: 0.25rem 0 0.75rem; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
  th { color: var(--muted); font-weight: 600; font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.03em; }
  code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.85em; }
  .muted { color: var(--muted); }
  .pill { display: inline-block; padding: 0 0.45rem; border-radius: 999px; border: 1px solid var(--line); font-size: 0.8rem; margin-right: 0.25rem; }
  .ok { color: #2b8a3e; } .bad { color: #c92a2a; } .wait { color: #e67700; }
  button { font: inherit; padding: 0.25rem 0.7rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
  form { display: inline; }
  pre { white-space: pre-wrap; margin: 0; }
`

/** Wraps a page body in the shared console chrome (title, navigation, styles). */
export function layout(title: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · kit emulator</title>
<style>${rawHtml(STYLE)}</style>
</head>
<body>
<header><h1>kit emulator</h1><nav><a href="/">Console</a><a href="/mailbox">Mailbox</a><a href="/.well-known/openid-configuration">OpenID configuration</a></nav></header>
<main>
${body}
</main>
</body>
</html>`
}
