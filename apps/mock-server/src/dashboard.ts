import { createHash } from 'node:crypto';
import { inactiveIdentityStatuses } from '@patkit/model/identities';
import { relativeTimeFormat, staleAfterDays } from '@patkit/model/time';

// The dashboard served at `/`: one static page, no build step, that reads the
// admin API every second. Data is written with textContent, never as HTML.
// Relative times come from the same function the CLI prints with.

// The page's one script. Functions of ours are embedded as their source; a loader that
// compiles with esbuild's keepNames (tsx, as `npm start` runs the server) wraps them in
// calls to its __name helper, which the page defines as doing nothing.
const script = `
const __name = (target) => target;
const token = new URLSearchParams(location.hash.slice(1)).get('token');
const headers = token ? { authorization: 'Bearer ' + token } : {};
const relative = (${relativeTimeFormat.toString()})();
function row(cells) {
  const tr = document.createElement('tr');
  for (const cell of cells) {
    const td = document.createElement('td');
    const [text, cls] = Array.isArray(cell) ? cell : [cell];
    td.textContent = text;
    if (cls) td.className = cls;
    tr.append(td);
  }
  return tr;
}
async function get(path) {
  const response = await fetch(path, { headers });
  if (!response.ok) throw new Error(path + ' answered ' + response.status);
  return response.json();
}
async function refresh() {
  try {
    const [clock, identities, pats, journal] = await Promise.all([
      get('/__admin/clock'), get('/__admin/identities'), get('/__admin/pats'), get('/__admin/journal'),
    ]);
    const now = Date.parse(clock.now);
    document.getElementById('now').textContent = clock.now;
    document.getElementById('status').textContent = 'live';
    const counts = new Map();
    for (const pat of pats) counts.set(pat.owner.id, (counts.get(pat.owner.id) || 0) + 1);
    // A leaver (an inactive status, or removed from ISC) is what audit's owner_inactive and owner_missing find.
    const left = (i) => i.removed || ${JSON.stringify(inactiveIdentityStatuses)}.includes(i.identityStatus);
    document.getElementById('owners').replaceChildren(...identities.map((i) => row([
      i.name, i.level, [i.removed ? 'removed' : i.identityStatus, left(i) ? 'bad' : ''], i.lifecycleState, i.id, [String(counts.get(i.id) || 0), 'num'],
    ])));
    document.getElementById('pats').replaceChildren(...pats.map((p) => {
      const expired = p.expirationDate !== null && p.expirationDate !== undefined && Date.parse(p.expirationDate) <= now;
      const stale = p.lastUsed === null || p.lastUsed === undefined || now - Date.parse(p.lastUsed) > ${staleAfterDays} * 864e5;
      return row([
        p.name,
        p.owner.name || p.owner.id,
        p.scope === null ? 'null' : p.scope.join(' '),
        [relative(p.lastUsed, now), stale ? 'warn' : ''],
        [p.expirationDate === null || p.expirationDate === undefined ? 'never' : (expired ? 'expired ' : '') + relative(p.expirationDate, now), expired ? 'bad' : ''],
        p.managed ? 'yes' : 'no',
        p.id,
      ]);
    }));
    document.getElementById('journal').replaceChildren(...journal.slice(-50).reverse().map((e) => row([
      e.time, e.method, e.path, [String(e.status), e.status >= 500 ? 'bad' : e.status >= 400 ? 'warn' : 'ok'], [String(e.ms), 'num'], e.clientId || '',
    ])));
  } catch (error) {
    document.getElementById('status').textContent = 'cannot reach the admin API: ' + error.message;
  }
}
refresh();
setInterval(refresh, 1000);
`;

const style = `
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1f2328; }
  h1 { font-size: 1.3rem; margin: 0 0 .2rem; }
  h2 { font-size: 1.05rem; margin: 1.5rem 0 .4rem; }
  .muted { color: #656d76; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .25rem .6rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
  th { background: #f6f8fa; font-weight: 600; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  .bad { color: #cf222e; } .warn { color: #9a6700; } .ok { color: #1a7f37; }
  code { font-size: 12px; }
`;

const page = (script: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>patkit mock server</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${style}</style>
</head>
<body>
<h1>patkit mock server</h1>
<div class="muted">Server time <span id="now">…</span> · <span id="status">connecting…</span> · <a href="/openapi.json">OpenAPI</a></div>
<h2>Owners</h2>
<table><thead><tr><th>Name</th><th>Level</th><th>Status</th><th>Lifecycle</th><th>Id</th><th>PATs</th></tr></thead><tbody id="owners"></tbody></table>
<h2>Personal access tokens</h2>
<table><thead><tr><th>Name</th><th>Owner</th><th>Scope</th><th>Last used</th><th>Expires</th><th>Managed</th><th>Id</th></tr></thead><tbody id="pats"></tbody></table>
<h2>Requests <span class="muted">(newest first)</span></h2>
<table><thead><tr><th>Time</th><th>Method</th><th>Path</th><th>Status</th><th>ms</th><th>Client</th></tr></thead><tbody id="journal"></tbody></table>
<script>${script}</script>
</body>
</html>
`;

/** The dashboard page. */
export const dashboardHtml = page(script);

let policy: string | undefined;

/**
 * Its Content-Security-Policy: nothing but its own script and styles (by
 * hash, never 'unsafe-inline') and requests to the server. Hashed when
 * first asked for, not at start-up.
 */
export function dashboardPolicy(): string {
  const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');
  policy ??= `default-src 'none'; script-src 'sha256-${sha256(script)}'; style-src 'sha256-${sha256(style)}'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
  return policy;
}
