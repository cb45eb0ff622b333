// Finds citations of the project's own documents (`node-health-timing.md §9 M3`, `NHT §3.5`,
// `scheduler.md §4.2-4.4`, `S1 (node-health-timing.md §9)`, a bare `§6` after one of them) and checks
// them against the headings of docs/<name>.md. docs/README.md states the citation convention.

/** Short names the README uses for two documents. */
export const DOC_ALIASES: Readonly<Record<string, string>> = {
  NHT: 'node-health-timing.md',
  SCH: 'scheduler.md',
};

export interface DocIndex {
  /** Numbered headings: '3', '3.4', '9'. */
  readonly sections: ReadonlySet<string>;
  /** Model and scenario labels (M3, S5b) -> the numbered section they are defined in. */
  readonly labels: ReadonlyMap<string, string>;
}

export interface Citation {
  readonly file: string;
  readonly line: number;
  readonly doc: string;
  readonly section?: string;
  readonly label?: string;
  /** True when the label is bound to `section` (`§9 M3`, `S1 (x.md §9)`): it must be defined there. */
  readonly labelInSection?: boolean;
}

const HEADING = /^#{1,6}\s+(\d+(?:\.\d+)*)\.?\s/;
const LABEL_HEADING = /^#{2,6}\s+([MS]\d+[a-z]?)\b/;
const LABEL_ITEM = /^\s*[-*]\s+\*\*([MS]\d+[a-z]?)\b/;
const LABEL = String.raw`[MS]\d+[a-z]?`;

/** Sections are numbered headings; labels are `### S1 ...` headings or `- **M3 ...**` list items. */
export function indexDoc(markdown: string): DocIndex {
  const sections = new Set<string>();
  const labels = new Map<string, string>();
  let current = '';
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const h = HEADING.exec(line);
    if (h?.[1]) {
      current = h[1];
      sections.add(current);
      continue;
    }
    const l = LABEL_HEADING.exec(line) ?? LABEL_ITEM.exec(line);
    if (l?.[1] && !labels.has(l[1])) labels.set(l[1], current);
  }
  return { sections, labels };
}

const ANCHOR = new RegExp(String.raw`\b([A-Za-z][\w-]*\.md)\b|\b(${Object.keys(DOC_ALIASES).join('|')})\b`);
const SECTION = /§(\d+(?:\.\d+)*)/y;
const RANGE_END = /\s*[-–]\s*§?(\d+(?:\.\d+)*)/y;
const BOUND_LABELS = new RegExp(
  String.raw` (?:\((${LABEL}(?:(?:, |/|-)${LABEL})*)\)|(${LABEL}(?:(?:/|-)${LABEL})*))\b`,
  'y',
);
const LOOSE_LABELS = new RegExp(String.raw`(${LABEL}(?:(?:, |/|-)${LABEL})*)\b`, 'y');
const LABEL_BEFORE = new RegExp(String.raw`\b(${LABEL}) \($`);
// Between two references of one list: spaces, commas, semicolons, "and", a closing backtick, and a
// line break followed by a comment marker (// or # or *).
const GLUE = /(?:[ \t`]|,|;|\band\b|\n[ \t]*(?:\/\/|#|\*(?!\*))?)*/y;

function at(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(text);
}

function labelsOf(list: string): string[] {
  return list.split(/, |\/|-/);
}

/**
 * Every reference in `text`. A bare `§n` belongs to `selfDoc` (a document citing itself) or else to
 * the document named most recently before it in the same file; with neither it is reported with doc ''.
 */
export function findCitations(file: string, text: string, selfDoc?: string): Citation[] {
  const out: Citation[] = [];
  const lineAt = (pos: number): number => text.slice(0, pos).split('\n').length;
  const candidates = new RegExp(`${ANCHOR.source}|§(?=\\d)`, 'g');
  let lastDoc = '';
  for (let m = candidates.exec(text); m; m = candidates.exec(text)) {
    const pos = m.index;
    if (m[0] === '§') {
      candidates.lastIndex = parseChain(text, pos, selfDoc ?? lastDoc, file, lineAt, out);
      continue;
    }
    const doc = m[1] ?? DOC_ALIASES[m[2] ?? ''] ?? '';
    lastDoc = doc;
    const before = LABEL_BEFORE.exec(text.slice(Math.max(0, pos - 12), pos))?.[1];
    candidates.lastIndex = parseChain(text, pos + m[0].length, doc, file, lineAt, out, before);
  }
  return out;
}

/** Reads `§a, §b-§c and §d M3; S1` from `start`; returns where the list ends. */
function parseChain(
  text: string,
  start: number,
  doc: string,
  file: string,
  lineAt: (pos: number) => number,
  out: Citation[],
  labelBefore?: string,
): number {
  let pos = start;
  let first = true;
  for (;;) {
    const glue = at(GLUE, text, pos);
    const next = pos + (glue ? glue[0].length : 0);
    const sec = at(SECTION, text, next);
    if (sec?.[1]) {
      const line = lineAt(next);
      const section = sec[1];
      out.push({ file, line, doc, section });
      pos = next + sec[0].length;
      const range = at(RANGE_END, text, pos);
      if (range?.[1]) {
        out.push({ file, line, doc, section: range[1] });
        pos += range[0].length;
      }
      if (first && labelBefore)
        out.push({ file, line, doc, section, label: labelBefore, labelInSection: true });
      const bound = at(BOUND_LABELS, text, pos);
      if (bound) {
        for (const label of labelsOf(bound[1] ?? bound[2] ?? '')) {
          out.push({ file, line, doc, section, label, labelInSection: true });
        }
        pos += bound[0].length;
      }
      first = false;
      continue;
    }
    if (first || !glue || glue[0].length === 0) return pos;
    const loose = at(LOOSE_LABELS, text, next);
    if (!loose?.[1]) return pos;
    for (const label of labelsOf(loose[1])) out.push({ file, line: lineAt(next), doc, label });
    pos = next + loose[0].length;
  }
}

/** What is wrong with one citation, or null. `docs` maps a file name to its index (absent: no such doc). */
export function checkCitation(c: Citation, docs: ReadonlyMap<string, DocIndex>): string | null {
  const where = `${c.file}:${c.line}`;
  if (c.doc === '') return `${where}: §${c.section} names no document before it`;
  const index = docs.get(c.doc);
  if (!index) return `${where}: cites ${c.doc}, but docs/${c.doc} does not exist`;
  if (c.section !== undefined && !c.label && !index.sections.has(c.section)) {
    return `${where}: ${c.doc} has no section §${c.section}`;
  }
  if (c.label) {
    const definedIn = index.labels.get(c.label);
    if (definedIn === undefined) return `${where}: ${c.doc} defines no label ${c.label}`;
    const s = c.section;
    if (c.labelInSection && s !== undefined && definedIn !== s && !definedIn.startsWith(`${s}.`)) {
      return `${where}: ${c.doc} defines ${c.label} in §${definedIn}, not in §${s}`;
    }
  }
  return null;
}

/** Paths into the team's machine-local folder, which a clone of the repository does not have. */
export function findPrivatePaths(file: string, text: string): string[] {
  const hits: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (/(?<![\w-])shared\//.test(line)) hits.push(`${file}:${i + 1}: ${line.trim()}`);
  });
  return hits;
}
