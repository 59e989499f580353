/**
 * The example pages' stylesheet, inlined into every page so the apps serve no static
 * files and need no build step.
 */
export const STYLES = `
:root { --ink: #1c2333; --muted: #5b6478; --line: #e2e6ef; --bg: #f6f7fb; --card: #fff;
  --brand: #4f46e5; --brand-ink: #fff; --ok: #047857; --warn: #b45309; --bad: #b91c1c; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: var(--bg); }
header { background: var(--card); border-bottom: 1px solid var(--line); }
.bar { max-width: 960px; margin: 0 auto; padding: 12px 24px; display: flex; gap: 20px;
  align-items: center; }
.brand { font-weight: 700; color: var(--ink); text-decoration: none; margin-right: auto; }
.brand small { color: var(--muted); font-weight: 500; margin-left: 6px; }
nav a { color: var(--muted); text-decoration: none; margin-left: 16px; }
nav a:hover, nav a[aria-current] { color: var(--brand); }
main { max-width: 960px; margin: 32px auto; padding: 0 24px; }
h1 { font-size: 26px; margin: 0 0 6px; }
h2 { font-size: 17px; margin: 0 0 12px; }
p.lead { color: var(--muted); margin: 0 0 24px; }
.grid { display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px;
  padding: 20px; margin-bottom: 16px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; word-break: break-all; }
.tag { display: inline-block; padding: 1px 10px; margin: 0 6px 6px 0; border-radius: 999px;
  background: #eef2ff; color: var(--brand); font-size: 13px; }
.tag.perm { background: #ecfdf5; color: var(--ok); }
.btn, button { display: inline-block; border: 0; border-radius: 8px; padding: 8px 16px;
  background: var(--brand); color: var(--brand-ink); font: inherit; cursor: pointer;
  text-decoration: none; }
.btn.secondary, button.secondary { background: #eef0f6; color: var(--ink); }
form.inline { display: inline; margin: 0; }
form.row { display: flex; gap: 8px; margin-top: 8px; }
input { flex: 1; min-width: 0; padding: 8px 10px; border: 1px solid var(--line);
  border-radius: 8px; font: inherit; }
.muted { color: var(--muted); }
.orgs { display: flex; gap: 6px; align-items: center; }
.orgs .current { padding: 4px 10px; border-radius: 8px; background: #eef2ff; color: var(--brand); }
.orgs button { padding: 4px 10px; }
.impersonation { display: flex; gap: 16px; align-items: center; justify-content: center;
  padding: 10px 24px; background: #fef3c7; color: #78350f; border-bottom: 2px solid var(--warn); }
.alert { border-left: 4px solid var(--bad); }
.alert h1 { color: var(--bad); }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; }
pre { margin: 6px 0 0; white-space: pre-wrap; font-size: 12px; color: var(--muted); }
summary { cursor: pointer; color: var(--brand); }
code { font-size: 13px; }
`
