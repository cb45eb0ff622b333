// `kubesim test --update`: writes observed times back into a scenario file for a reviewed re-baseline.
// The yaml Document API finds each value by its path (spec.expect[3].at); the edit itself goes through
// the document's concrete syntax tree (CST.setScalarValue), so every other byte of the file (comments,
// flow style, quoting, blank lines) stays exactly as it was. Pure: text in, text out.

import { Composer, CST, isScalar, LineCounter, Parser, type Scalar } from 'yaml';
import { formatDuration, formatTimeS, type TimeUs } from '../engine/time.js';
import { formatPath, type PathSegment } from '../model/errors.js';

export interface TimeEdit {
  /** Full path in the file, e.g. ["spec", "expect", 3, "at"]. */
  readonly path: readonly PathSegment[];
  readonly us: TimeUs;
}

export interface AppliedEdit {
  readonly path: readonly PathSegment[];
  readonly line: number;
  readonly before: string;
  readonly after: string;
}

export interface RewriteResult {
  readonly text: string;
  readonly applied: AppliedEdit[];
  readonly skipped: Array<{ path: readonly PathSegment[]; why: string }>;
}

export function rewriteTimes(text: string, edits: readonly TimeEdit[]): RewriteResult {
  const lines = new LineCounter();
  const tokens = [...new Parser(lines.addNewLine).parse(text)];
  const doc = [...new Composer({ keepSourceTokens: true }).compose(tokens)][0];
  const applied: AppliedEdit[] = [];
  const skipped: RewriteResult['skipped'] = [];
  for (const edit of edits) {
    const node = doc?.getIn(edit.path, true);
    if (!isScalar(node) || node.srcToken === undefined || node.range == null) {
      skipped.push({ path: edit.path, why: `${formatPath(edit.path)} is not a plain value in the file` });
      continue;
    }
    const before = String(node.source ?? node.value);
    const after = formatLike(node, edit.us);
    if (after === before) continue;
    CST.setScalarValue(node.srcToken, after);
    applied.push({ path: edit.path, line: lines.linePos(node.range[0]).line, before, after });
  }
  return { text: applied.length > 0 ? tokens.map((t) => CST.stringify(t)).join('') : text, applied, skipped };
}

/**
 * The new value in the style the author used: bare seconds stay bare seconds (145 -> 150.1), "145s"
 * stays seconds with a unit, anything else becomes Go notation ("2m25s", "-5s").
 */
export function formatLike(node: Scalar, us: TimeUs): string {
  const seconds = formatTimeS(Math.abs(us))
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
  const sign = us < 0 ? '-' : '';
  if (typeof node.value === 'number') return `${sign}${seconds}`;
  if (/^-?\d+(\.\d+)?s$/.test(String(node.value).trim())) return `${sign}${seconds}s`;
  return formatDuration(us);
}
