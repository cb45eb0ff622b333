// YAML (and JSON) text to documents and plain data, with every problem a ScenarioError naming the file
// and line: syntax errors, nesting too deep for the parser, and aliases. An alias bomb (anchors that
// expand exponentially) stops at the `yaml` library's maxAliasCount instead of filling memory, and an
// alias without its anchor is named (yaml's Document.toJS throws a ReferenceError for both).

import { type Document, isAlias, isNode, LineCounter, parseAllDocuments, visit } from 'yaml';
import { type Problem, ScenarioError } from '../model/errors.js';

/** Alias expansions allowed per document (yaml's maxAliasCount; its own default is 100). */
export const MAX_ALIAS_COUNT = 1000;

export interface ParsedYaml {
  readonly docs: Document[];
  readonly lines: LineCounter;
}

type Where = Pick<Problem, 'includedFrom'> & { readonly file: string };

/** Parses a YAML stream; a syntax error anywhere is a ScenarioError with its line. */
export function parseYamlText(text: string, where: Where): ParsedYaml {
  const lines = new LineCounter();
  // logLevel 'error': yaml would otherwise print warnings (e.g. about collection keys) to stderr.
  const docs = parseAllDocuments(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    logLevel: 'error',
  });
  if (!Array.isArray(docs)) throw problem(where, undefined, 'not a YAML stream');
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const line = lines.linePos(err.pos[0]).line;
      const what =
        err.code === 'RESOURCE_EXHAUSTION'
          ? 'YAML nesting is too deep'
          : `YAML syntax error: ${err.message.split('\n')[0]}`;
      throw problem(where, line, `${what}${flowRegexHint(text, line)}`);
    }
  }
  return { docs, lines };
}

/** A document as plain data; aliases that expand too much or have no anchor are ScenarioErrors. */
export function yamlToJS(doc: Document, lines: LineCounter, where: Where): unknown {
  const cycle = cyclicAlias(doc);
  if (cycle !== undefined)
    throw problem(
      where,
      cycle.pos !== undefined ? lines.linePos(cycle.pos).line : undefined,
      `YAML alias *${cycle.source} lies inside the node its anchor &${cycle.source} names (a cycle)`,
    );
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (!(e instanceof ReferenceError || e instanceof RangeError)) throw e;
    const bomb = /Excessive alias count/.test(e.message);
    const alias = firstAlias(doc, !bomb);
    const line = alias?.pos !== undefined ? lines.linePos(alias.pos).line : undefined;
    if (bomb)
      throw problem(
        where,
        line,
        `YAML aliases expand to too many nodes (more than ${MAX_ALIAS_COUNT} alias expansions): write the data out instead of nesting aliases`,
      );
    if (e instanceof ReferenceError)
      throw problem(
        where,
        line,
        `YAML alias *${alias?.source ?? '?'} has no anchor &${alias?.source ?? '?'} before it`,
      );
    throw problem(where, line, 'YAML nesting is too deep');
  }
}

/** An alias inside the very node its anchor names: the data would contain itself. */
function cyclicAlias(doc: Document): { source: string; pos?: number } | undefined {
  let found: { source: string; pos?: number } | undefined;
  visit(doc, {
    Alias(_, node, path) {
      const inside = path.some((a) => isNode(a) && a.anchor === node.source);
      if (!inside) return undefined;
      found = { source: node.source, ...(node.range ? { pos: node.range[0] } : {}) };
      return visit.BREAK;
    },
  });
  return found;
}

/** The first alias node (the first unresolved one when `unresolved`), for its line. */
function firstAlias(doc: Document, unresolved: boolean): { source: string; pos?: number } | undefined {
  let found: { source: string; pos?: number } | undefined;
  visit(doc, {
    Alias(_, node) {
      if (!isAlias(node)) return undefined;
      if (unresolved && node.resolve(doc) !== undefined) return undefined;
      found = { source: node.source, ...(node.range ? { pos: node.range[0] } : {}) };
      return visit.BREAK;
    },
  });
  return found;
}

function problem(where: Where, line: number | undefined, message: string): ScenarioError {
  return new ScenarioError([
    {
      file: where.file,
      path: [],
      message,
      ...(line !== undefined ? { line } : {}),
      ...(where.includedFrom ? { includedFrom: where.includedFrom } : {}),
    },
  ]);
}

/**
 * An unquoted /regular expression/ holding [ ] { } or , inside a {...} mapping is the usual cause of a
 * YAML syntax error in an expect selector (`object: /^a-0[1-3]$/` ends the flow mapping early): say so.
 */
function flowRegexHint(text: string, line: number): string {
  const source = text.split('\n')[line - 1] ?? '';
  if (!source.includes('{') || !/:\s+\/[^'"\s][^'"]*[[\]{},][^'"]*\//.test(source)) return '';
  return "; a /regular expression/ holding [ ] { } or , inside {...} must be quoted, e.g. object: '/^general-a-0[1-3]$/'";
}
