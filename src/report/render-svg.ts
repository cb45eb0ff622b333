// Renders a Vega-Lite chart to an SVG string in Node: vega-lite compiles the spec to Vega, and a headless
// vega View (renderer "none", no canvas, no network) draws it with toSVG(). The namespace attributes are
// dropped because inline SVG in HTML does not need them, which leaves the page free of any URL.
// vega is imported lazily: only `kubesim report` and `--report` pay its start-up cost.

import type { TopLevelSpec } from 'vega-lite';

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return svg.replace(/ xmlns(:xlink)?="[^"]*"/g, '');
  } finally {
    view.finalize();
  }
}
