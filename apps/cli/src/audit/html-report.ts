// audit -o html: one self-contained page (no network, opens from disk) to
// hand to a security review. Charts are inline SVG drawn here from the
// numbers, each followed by the same numbers as a table (for screen readers,
// and for the eyes that prefer them); the findings table sorts and filters
// with a few lines of script.
import { createHash } from 'node:crypto';
import { findingCodes, ruleOf, type Severity, severities } from './findings.js';
import { type AuditSummary, type FindingRow, topOwners } from './tally.js';

/** Findings listed in the page at most: past this, the page says so and points to CSV. */
export const maxHtmlRows = 10_000;

const html = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const colours: Record<Severity, string> = { high: '#cf222e', medium: '#bf8700', low: '#0969da' };
const neutral = '#57606a';

interface Bar {
  readonly label: string;
  readonly value: number;
  readonly colour?: string;
}

/** A horizontal bar chart as SVG, and its numbers as a table: both say the same. */
function chart(id: string, title: string, bars: readonly Bar[], unit: string): string {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const rowHeight = 26;
  const labelWidth = 170;
  const barWidth = 300;
  const height = bars.length * rowHeight + 8;
  const rows = bars
    .map((bar, i) => {
      const y = 4 + i * rowHeight;
      const width = Math.round((bar.value / max) * barWidth);
      return `<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end">${html(bar.label)}</text><rect x="${labelWidth}" y="${y + 4}" width="${width}" height="${rowHeight - 10}" rx="2" fill="${bar.colour ?? neutral}"/><text x="${labelWidth + width + 6}" y="${y + 17}">${bar.value}</text>`;
    })
    .join('');
  const numbers = bars.map((bar) => `<tr><th scope="row">${html(bar.label)}</th><td>${bar.value}</td></tr>`).join('');
  return `<figure class="chart" id="${id}">
<figcaption>${html(title)}</figcaption>
<svg role="img" aria-labelledby="${id}-title" viewBox="0 0 ${labelWidth + barWidth + 60} ${height}" width="${labelWidth + barWidth + 60}" height="${height}"><title id="${id}-title">${html(title)}</title>${rows}</svg>
<details><summary>The numbers</summary><table class="numbers" data-chart="${id}"><thead><tr><th scope="col">${html(title)}</th><th scope="col">${html(unit)}</th></tr></thead><tbody>${numbers}</tbody></table></details>
</figure>`;
}

const script = `
const table = document.getElementById('findings');
const body = table.tBodies[0];
const rows = [...body.rows];
const text = document.getElementById('filter');
const level = document.getElementById('severity');
const tenant = document.getElementById('tenant');
const shown = document.getElementById('shown');
const rank = { high: 3, medium: 2, low: 1 };
function filter() {
  const words = text.value.trim().toLowerCase();
  let count = 0;
  for (const row of rows) {
    const visible = (level.value === '' || row.dataset.severity === level.value) && (tenant === null || tenant.value === '' || row.dataset.tenant === tenant.value) && (words === '' || row.textContent.toLowerCase().includes(words));
    row.hidden = !visible;
    if (visible) count++;
  }
  shown.textContent = String(count);
}
let sorted = { column: -1, up: true };
for (const [column, header] of [...table.tHead.rows[0].cells].entries()) {
  header.querySelector('button').addEventListener('click', () => {
    const up = sorted.column === column ? !sorted.up : true;
    sorted = { column, up };
    const key = (row) => header.dataset.column === 'severity' ? rank[row.dataset.severity] : row.cells[column].textContent;
    rows.sort((a, b) => { const x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * (up ? 1 : -1); });
    body.append(...rows);
    for (const cell of table.tHead.rows[0].cells) cell.removeAttribute('aria-sort');
    header.setAttribute('aria-sort', up ? 'ascending' : 'descending');
  });
}
text.addEventListener('input', filter);
level.addEventListener('change', filter);
if (tenant !== null) tenant.addEventListener('change', filter);
`;

// The one script runs by its hash: no other (an injected one included) can.
const scriptSource = `'sha256-${createHash('sha256').update(script).digest('base64')}'`;

export interface HtmlReportInput {
  readonly summary: AuditSummary;
  /** Sorted, most severe first. */
  readonly rows: readonly (FindingRow & { readonly tenant?: string })[];
  /** The notes the text report gives (thresholds, owners, skipped items). */
  readonly notes: readonly string[];
  readonly generated: Date;
  /** Several tenants: each one's summary, for a chart and a filter; rows carry their tenant. */
  readonly tenants?: readonly { readonly tenant: string; readonly summary: AuditSummary }[];
}

/** The page. */
export function htmlReport({ summary: s, rows, notes, generated, tenants }: HtmlReportInput): string {
  const listed = rows.slice(0, maxHtmlRows);
  const head = `${s.findings} finding(s) on ${s.flagged} of ${s.audited} PAT(s)`;
  const charts = [
    ...(tenants === undefined
      ? []
      : [
          chart(
            'by-tenant',
            'Findings by tenant',
            tenants.map(({ tenant, summary }) => ({ label: tenant, value: summary.findings })),
            'findings',
          ),
        ]),
    chart(
      'by-severity',
      'Findings by severity',
      [...severities]
        .reverse()
        .map((severity) => ({ label: severity, value: s.bySeverity[severity], colour: colours[severity] })),
      'findings',
    ),
    chart(
      'by-finding',
      'Findings by kind',
      findingCodes.map((code) => ({
        label: code,
        value: s.byFinding[code] ?? 0,
        colour: colours[ruleOf(code).severity],
      })),
      'findings',
    ),
    chart(
      'by-last-used',
      'PATs by last use',
      Object.entries(s.byLastUsed).map(([label, value]) => ({ label, value })),
      'PATs',
    ),
    chart(
      'by-expiry',
      'PATs by expiry',
      Object.entries(s.byExpiry).map(([label, value]) => ({ label, value })),
      'PATs',
    ),
    chart(
      'by-owner',
      'Owners with the most findings',
      topOwners(s.byOwner, 10).map(([label, value]) => ({ label, value })),
      'findings',
    ),
  ].join('\n');
  const body = listed
    .map(
      (row) =>
        `<tr data-severity="${row.severity}"${tenants === undefined ? '' : ` data-tenant="${html(row.tenant ?? '')}"><td>${html(row.tenant ?? '')}</td`}><td><span class="sev ${row.severity}">${row.severity}</span></td><td>${html(row.finding)}</td><td>${html(row.name)}</td><td>${html(row.owner)}</td><td><code>${html(row.id)}</code></td><td>${html(row.detail)}</td></tr>`,
    )
    .join('\n');
  const columns = [
    ...(tenants === undefined ? [] : ['tenant']),
    'severity',
    'finding',
    'name',
    'owner',
    'id',
    'detail',
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src ${scriptSource}">
<title>patkit audit: ${html(head)}</title>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5rem auto; max-width: 1100px; padding: 0 1rem; color: #1f2328; }
  h1 { font-size: 1.4rem; margin: 0 0 .3rem; } h2 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; }
  .muted { color: #57606a; } ul.notes { margin: .3rem 0; padding-left: 1.2rem; }
  .cards { display: flex; gap: .8rem; flex-wrap: wrap; margin: 1rem 0; }
  .card { border: 1px solid #d0d7de; border-radius: 6px; padding: .6rem 1rem; min-width: 7rem; }
  .card b { display: block; font-size: 1.5rem; }
  .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 1rem; }
  figure.chart { margin: 0; border: 1px solid #d0d7de; border-radius: 6px; padding: .6rem .8rem; }
  figcaption { font-weight: 600; margin-bottom: .3rem; }
  details summary { cursor: pointer; color: #57606a; font-size: 12px; }
  svg text { font: 12px system-ui, sans-serif; fill: #1f2328; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
  table.numbers { width: auto; margin-top: .4rem; font-size: 12px; } table.numbers td { text-align: right; font-variant-numeric: tabular-nums; }
  #findings th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; }
  .sev { font-weight: 600; } .sev.high { color: ${colours.high}; } .sev.medium { color: ${colours.medium}; } .sev.low { color: ${colours.low}; }
  .controls { display: flex; gap: .6rem; align-items: center; margin: .5rem 0; }
  code { font-size: 12px; }
</style>
</head>
<body>
<h1>patkit audit</h1>
<p class="muted">Generated ${html(generated.toISOString())}</p>
<div class="cards" id="summary">
  <div class="card"><b data-count="audited">${s.audited}</b>PATs audited</div>
  <div class="card"><b data-count="flagged">${s.flagged}</b>PATs with findings</div>
  <div class="card"><b data-count="findings">${s.findings}</b>findings</div>
  ${severities
    .slice()
    .reverse()
    .map(
      (severity) =>
        `<div class="card"><b data-count="${severity}" style="color:${colours[severity]}">${s.bySeverity[severity]}</b>${severity}</div>`,
    )
    .join('\n  ')}
</div>
<ul class="notes">${notes.map((note) => `<li>${html(note)}</li>`).join('')}</ul>
<h2>Charts</h2>
<div class="charts">
${charts}
</div>
<h2>Findings</h2>
<div class="controls">
  <label>Filter <input id="filter" type="search" placeholder="name, owner, id, detail"></label>
  ${
    tenants === undefined
      ? ''
      : `<label>Tenant <select id="tenant"><option value="">any</option>${tenants
          .map(({ tenant }) => `<option>${html(tenant)}</option>`)
          .join('')}</select></label>`
  }
  <label>Severity <select id="severity"><option value="">any</option>${severities
    .slice()
    .reverse()
    .map((severity) => `<option>${severity}</option>`)
    .join('')}</select></label>
  <span class="muted"><span id="shown">${listed.length}</span> shown${
    rows.length > listed.length
      ? ` — the first ${listed.length} of ${rows.length} findings, most severe first; patkit audit -o csv gives them all`
      : ''
  }</span>
</div>
<table id="findings">
<thead><tr>${columns.map((column) => `<th scope="col" data-column="${column}"><button type="button">${column}</button></th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody>
</table>
<script>${script}</script>
</body>
</html>
`;
}
