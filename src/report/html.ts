// The report page: one self-contained HTML file (inline CSS and SVG, no script, no external link), so it
// opens offline and can be attached to a CI run. Pure helpers to build it from escaped parts.

export function esc(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

export interface Section {
  readonly title: string;
  /** Trusted HTML (already escaped or SVG from the renderer). */
  readonly html: string;
}

export function table(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  opts: { numeric?: readonly number[] } = {},
): string {
  const num = new Set(opts.numeric ?? []);
  const cell = (tag: string, v: string, i: number) =>
    `<${tag}${num.has(i) ? ' class="num"' : ''}>${esc(v)}</${tag}>`;
  const head = `<tr>${header.map((h, i) => cell('th', h, i)).join('')}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((v, i) => cell('td', v, i)).join('')}</tr>`).join('\n');
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

const CSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 24px auto; max-width: 1320px; color: #222; padding: 0 16px; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 32px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.meta { color: #555; font-size: 13px; } .meta code { background: #f4f4f4; padding: 1px 4px; border-radius: 3px; }
.charts { display: flex; flex-wrap: wrap; gap: 12px 24px; } .charts svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; } th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f6f6f6; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; } tbody tr:nth-child(even) { background: #fafafa; }
.note { color: #666; font-size: 12px; } tr.derived td { background: #eef6ee; }
`;

export function page(title: string, meta: string, sections: readonly Section[]): string {
  const body = sections.map((s) => `<section>\n<h2>${esc(s.title)}</h2>\n${s.html}\n</section>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p class="meta">${meta}</p>
${body}
<p class="note">Written by kubesim report. Times are virtual (simulated) time.</p>
</body>
</html>
`;
}
