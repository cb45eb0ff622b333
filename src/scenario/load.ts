// The only module that reads files: a scenario (YAML or JSON) parsed with line numbers, `{file: ...}`
// includes expanded (relative to the scenario's folder, never escaping it), then validated by the zod
// schema. Every problem comes back as a ScenarioError naming file, path and line.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { type Document, isMap, isSeq, LineCounter, parseAllDocuments, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { formatPath, type PathSegment, type Problem, ScenarioError, ScenarioLimitError } from './errors.js';
import { explainIssue } from './issues.js';
import { type Scenario, scenarioSchema } from './schema.js';
import { validateManifests } from './validate-manifests.js';
import { checkWorkLimits } from './work-limits.js';

interface Origin {
  readonly file: string;
  readonly doc: Document;
  readonly lines: LineCounter;
  /** Path of this subtree inside `doc`. */
  readonly basePath: readonly PathSegment[];
  readonly includedFrom?: { file: string; path: readonly PathSegment[]; line?: number };
}

/** Maps paths in the expanded scenario back to the file and line they came from. */
export class ScenarioSource {
  private readonly origins = new Map<string, Origin>();

  constructor(private readonly root: Origin) {}

  private readonly overrides = new Map<string, string>();

  register(path: readonly PathSegment[], origin: Origin): void {
    this.origins.set(pathKey(path), origin);
  }

  registerOverride(path: readonly PathSegment[], expr: string): void {
    this.overrides.set(pathKey(path), expr);
  }

  locate(path: readonly PathSegment[], message: string): Problem {
    for (let n = path.length; n > 0; n--) {
      const expr = this.overrides.get(pathKey(path.slice(0, n)));
      if (expr !== undefined) return { file: `--set ${expr}`, path, message };
    }
    for (let n = path.length; n > 0; n--) {
      const origin = this.origins.get(pathKey(path.slice(0, n)));
      if (origin) return problemAt(origin, [...origin.basePath, ...path.slice(n)], message);
    }
    return problemAt(this.root, path, message);
  }

  error(path: readonly PathSegment[], message: string): ScenarioError {
    return new ScenarioError([this.locate(path, message)]);
  }
}

export interface LoadedScenario {
  readonly file: string;
  readonly scenario: Scenario;
  /** sha256 of the scenario file and every included file, in include order. */
  readonly sha256: string;
  readonly source: ScenarioSource;
  /** Every file the scenario read besides itself (includes, trace CSVs), relative to its folder, in read order. */
  readonly files: readonly string[];
}

export interface LoadOptions {
  /** `--set path=value` overrides, applied after includes and before validation. */
  readonly overrides?: readonly string[];
  /**
   * false skips the API server's validation of the manifests (src/model/validation). Only for replays of
   * upstream unit tests, which build their objects without an API server (pods without containers, ...).
   */
  readonly apiValidation?: boolean;
}

/** Reads, expands and validates a scenario file. Throws ScenarioError on any problem. */
export function loadScenario(file: string, opts: LoadOptions = {}): LoadedScenario {
  return loadFrom(file, readText(file, undefined), opts);
}

/**
 * Validates scenario text as if it were the file `file` (includes resolve relative to its folder).
 * For tests and tools that generate scenarios.
 */
export function loadScenarioText(text: string, file = 'inline.yaml', opts: LoadOptions = {}): LoadedScenario {
  return loadFrom(file, text, opts);
}

function loadFrom(file: string, text: string, opts: LoadOptions): LoadedScenario {
  const hash = createHash('sha256');
  const root = parseYaml(file, text, hash, undefined);
  const rootDoc = root.docs[0];
  if (root.docs.length !== 1 || rootDoc === undefined) {
    // Point at the second document (or line 1 of an empty file).
    const extra = root.docs[1]?.range?.[0];
    const line = extra !== undefined ? root.lines.linePos(extra).line : 1;
    const found = root.docs.length === 0 ? 'none' : `${root.docs.length}`;
    throw new ScenarioError([
      {
        file,
        path: [],
        line,
        message: `expected exactly one YAML document holding a Scenario, found ${found}`,
      },
    ]);
  }
  const rootOrigin: Origin = { file, doc: rootDoc, lines: root.lines, basePath: [] };
  const source = new ScenarioSource(rootOrigin);
  const raw = rootDoc.toJS({ maxAliasCount: 1000 }) as unknown;
  if (!isPlainObject(raw)) {
    const start = (rootDoc.contents as YamlNode | null)?.range?.[0];
    const line = start !== undefined ? root.lines.linePos(start).line : 1;
    throw new ScenarioError([
      { file, path: [], line, message: 'expected a mapping with apiVersion, kind, metadata and spec' },
    ]);
  }
  const ctx: IncludeContext = { baseDir: dirname(resolve(file)), source, hash, rootOrigin, files: [] };
  const spec = raw.spec;
  if (isPlainObject(spec)) {
    const cluster = spec.cluster;
    if (isPlainObject(cluster) && cluster.nodes !== undefined) {
      cluster.nodes = expandList(cluster.nodes, ['spec', 'cluster', 'nodes'], ctx);
    }
    if (spec.workloads !== undefined) spec.workloads = expandList(spec.workloads, ['spec', 'workloads'], ctx);
    if (Array.isArray(spec.arrivals)) inlineTraceFiles(spec.arrivals, ['arrivals'], ['trace'], ctx);
    if (Array.isArray(spec.load)) inlineTraceFiles(spec.load, ['load'], ['demand', 'trace'], ctx);
    if (isInclude(spec.scheduler)) spec.scheduler = expandObject(spec.scheduler, ['spec', 'scheduler'], ctx);
  }
  for (const expr of opts.overrides ?? []) applyOverride(raw, expr, source);
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) throw new ScenarioError(issuesToProblems(parsed.error.issues, source));
  const invalid = opts.apiValidation === false ? [] : validateManifests(raw, parsed.data);
  if (invalid.length > 0)
    throw new ScenarioError(invalid.slice(0, 5).map((p) => source.locate(p.path, p.message)));
  const tooBig = checkWorkLimits(parsed.data);
  if (tooBig.length > 0) throw new ScenarioLimitError(tooBig.map((p) => source.locate(p.path, p.message)));
  return { file, scenario: parsed.data, sha256: hash.digest('hex'), source, files: [...new Set(ctx.files)] };
}

function issuesToProblems(issues: readonly z.core.$ZodIssue[], source: ScenarioSource): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  // A key reported missing right where a misspelling of it was found is one mistake, not two.
  const suggested = new Set<string>();
  for (const issue of issues) {
    for (const e of explainIssue(issue)) {
      const m = /did you mean "([^"]+)"/.exec(e.message);
      if (m) suggested.add(formatPath([...e.path.slice(0, -1), m[1] as string]));
    }
  }
  // Unknown keys first: a misspelt key usually also shows up as a missing required one.
  const ordered = [...issues].sort(
    (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
  );
  for (const issue of ordered) {
    for (const { path, message } of explainIssue(issue)) {
      const key = `${formatPath(path)}|${message}`;
      if (seen.has(key)) continue;
      if (message.startsWith('required field is missing') && suggested.has(formatPath(path))) continue;
      seen.add(key);
      problems.push(source.locate(path, message));
    }
    if (problems.length >= 5) break;
  }
  return problems;
}

/**
 * The first YAML (or JSON) document of a file as plain data, e.g. a KubeSchedulerConfiguration named by
 * `--profile`, with a locator that turns a path inside it into a Problem naming file, line and path.
 */
export function readYamlLocated(file: string): {
  value: unknown;
  locate: (path: readonly PathSegment[], message: string) => Problem;
} {
  const parsed = parseYaml(file, readText(file, undefined), createHash('sha256'), undefined);
  const doc = parsed.docs[0];
  if (doc === undefined)
    throw new ScenarioError([{ file, path: [], line: 1, message: 'the file holds no YAML document' }]);
  const origin: Origin = { file, doc, lines: parsed.lines, basePath: [] };
  return {
    value: doc.toJS({ maxAliasCount: 1000 }) as unknown,
    locate: (path, message) => problemAt(origin, path, message),
  };
}

// ---- --set overrides -----------------------------------------------------------------------------------

/** Parses `spec.cluster.nodePools[0].count` into path segments. */
export function parseOverridePath(text: string): PathSegment[] {
  const out: PathSegment[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["([^"]*)"\]/g;
  let consumed = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const between = text.slice(consumed, m.index);
    if (between !== '' && between !== '.') throw new Error(`cannot parse path "${text}"`);
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(m[3] as string);
    consumed = m.index + m[0].length;
  }
  if (consumed !== text.length || out.length === 0) throw new Error(`cannot parse path "${text}"`);
  return out;
}

function applyOverride(raw: Record<string, unknown>, expr: string, source: ScenarioSource): void {
  const eq = expr.indexOf('=');
  const fail = (message: string): never => {
    throw new ScenarioError([{ file: `--set ${expr}`, path: [], message }]);
  };
  if (eq <= 0) fail('expected --set path=value, e.g. --set spec.cluster.nodePools[0].count=100');
  let path: PathSegment[] = [];
  try {
    path = parseOverridePath(expr.slice(0, eq));
  } catch (e) {
    fail((e as Error).message);
  }
  let value: unknown;
  try {
    value = parseAllDocuments(expr.slice(eq + 1))[0]?.toJS() ?? null;
  } catch {
    value = expr.slice(eq + 1);
  }
  let obj: unknown = raw;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i] as PathSegment;
    const holder = obj as Record<string | number, unknown>;
    if (holder[seg] === undefined || holder[seg] === null)
      holder[seg] = typeof path[i + 1] === 'number' ? [] : {};
    obj = holder[seg];
    if (typeof obj !== 'object' || obj === null)
      fail(`${formatPath(path.slice(0, i + 1))} is not an object or list`);
  }
  (obj as Record<string | number, unknown>)[path[path.length - 1] as PathSegment] = value;
  source.registerOverride(path, expr);
}

// ---- includes -------------------------------------------------------------------------------------

interface IncludeContext {
  readonly baseDir: string;
  readonly source: ScenarioSource;
  readonly hash: ReturnType<typeof createHash>;
  readonly rootOrigin: Origin;
  readonly files: string[];
}

function isInclude(v: unknown): v is { file: unknown } {
  return isPlainObject(v) && Object.keys(v).length === 1 && 'file' in v;
}

/**
 * A list field may be a path string, or a list whose items are objects, `{file: path}` includes or
 * `kind: List` objects; includes and Lists are flattened into their items.
 */
function expandList(value: unknown, path: PathSegment[], ctx: IncludeContext): unknown {
  if (typeof value === 'string') return expandList([{ file: value }], path, ctx);
  if (!Array.isArray(value)) return value;
  const out: unknown[] = [];
  value.forEach((item, i) => {
    if (isInclude(item)) {
      for (const inc of readInclude(item.file, [...path, i, 'file'], ctx)) {
        ctx.source.register([...path, out.length], inc.origin);
        out.push(inc.value);
      }
    } else if (isPlainObject(item) && item.kind === 'List' && Array.isArray(item.items)) {
      item.items.forEach((sub, j) => {
        ctx.source.register([...path, out.length], { ...ctx.rootOrigin, basePath: [...path, i, 'items', j] });
        out.push(sub);
      });
    } else {
      ctx.source.register([...path, out.length], { ...ctx.rootOrigin, basePath: [...path, i] });
      out.push(item);
    }
  });
  return out;
}

/**
 * spec.arrivals[].trace.file and spec.load[].demand.trace.file: the CSV's text goes into trace.text (and
 * into the scenario's sha256).
 */
function inlineTraceFiles(items: unknown[], list: PathSegment[], inner: string[], ctx: IncludeContext): void {
  items.forEach((a, i) => {
    let trace: unknown = a;
    for (const k of inner) trace = isPlainObject(trace) ? trace[k] : undefined;
    if (!isPlainObject(trace) || typeof trace.file !== 'string' || trace.text !== undefined) return;
    const at: PathSegment[] = ['spec', ...list, i, ...inner, 'file'];
    const resolved = resolve(ctx.baseDir, trace.file);
    const rel = relative(ctx.baseDir, resolved);
    if (isAbsolute(trace.file) || rel.startsWith('..') || isAbsolute(rel)) {
      throw ctx.source.error(
        at,
        `trace "${trace.file}" must stay inside the scenario's folder (${ctx.baseDir})`,
      );
    }
    try {
      trace.text = readFileSync(resolved, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw ctx.source.error(
        at,
        `cannot read trace "${trace.file}": ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
      );
    }
    ctx.hash.update(trace.text as string);
    ctx.files.push(rel.split(sep).join('/'));
  });
}

function expandObject(include: { file: unknown }, path: PathSegment[], ctx: IncludeContext): unknown {
  const docs = readInclude(include.file, [...path, 'file'], ctx);
  const first = docs[0];
  if (docs.length !== 1 || first === undefined) {
    throw ctx.source.error(
      [...path, 'file'],
      `expected the included file to hold exactly one document, found ${docs.length}`,
    );
  }
  ctx.source.register(path, first.origin);
  return first.value;
}

function readInclude(
  file: unknown,
  at: PathSegment[],
  ctx: IncludeContext,
): Array<{ value: unknown; origin: Origin }> {
  if (typeof file !== 'string' || file === '') throw ctx.source.error(at, 'expected a relative file path');
  const resolved = resolve(ctx.baseDir, file);
  const rel = relative(ctx.baseDir, resolved);
  if (isAbsolute(file) || rel.startsWith('..') || isAbsolute(rel)) {
    throw ctx.source.error(at, `include "${file}" must stay inside the scenario's folder (${ctx.baseDir})`);
  }
  const here = ctx.source.locate(at, '');
  const includedFrom = {
    file: here.file,
    path: at.slice(0, -1),
    ...(here.line !== undefined ? { line: here.line } : {}),
  };
  let parsed: ParsedYaml;
  try {
    parsed = parseYaml(resolved, readText(resolved, includedFrom), ctx.hash, includedFrom);
    ctx.files.push(rel.split(sep).join('/'));
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    throw ctx.source.error(at, `cannot read included file "${file}": ${(e as Error).message}`);
  }
  const out: Array<{ value: unknown; origin: Origin }> = [];
  for (const doc of parsed.docs) {
    const value = doc.toJS({ maxAliasCount: 1000 }) as unknown;
    if (value === null || value === undefined) continue;
    const origin = { file: displayPath(resolved), doc, lines: parsed.lines, includedFrom };
    if (isPlainObject(value) && value.kind === 'List' && Array.isArray(value.items)) {
      value.items.forEach((item, j) => {
        out.push({ value: item, origin: { ...origin, basePath: ['items', j] } });
      });
    } else {
      out.push({ value, origin: { ...origin, basePath: [] } });
    }
  }
  return out;
}

// ---- YAML ---------------------------------------------------------------------------------------------

interface ParsedYaml {
  readonly docs: Document[];
  readonly lines: LineCounter;
}

function readText(file: string, includedFrom: Problem['includedFrom']): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    if (includedFrom) throw new Error(why);
    throw new ScenarioError([{ file, path: [], message: `cannot read scenario file: ${why}` }]);
  }
}

function parseYaml(
  file: string,
  text: string,
  hash: ReturnType<typeof createHash>,
  includedFrom: Problem['includedFrom'],
): ParsedYaml {
  hash.update(text);
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (!Array.isArray(docs)) {
    throw new ScenarioError([{ file: displayPath(file), path: [], message: 'not a YAML stream' }]);
  }
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const line = lines.linePos(err.pos[0]).line;
      const message = `YAML syntax error: ${err.message.split('\n')[0]}${flowRegexHint(text, line)}`;
      throw new ScenarioError([
        { file: displayPath(file), path: [], line, message, ...(includedFrom ? { includedFrom } : {}) },
      ]);
    }
  }
  return { docs, lines };
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

function problemAt(origin: Origin, path: readonly PathSegment[], message: string): Problem {
  const line = lineOf(origin, path);
  return {
    file: origin.file,
    path,
    message,
    ...(line !== undefined ? { line } : {}),
    ...(origin.includedFrom ? { includedFrom: origin.includedFrom } : {}),
  };
}

/** Line of the deepest YAML node that exists along `path`. */
function lineOf(origin: Origin, path: readonly PathSegment[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = origin.doc.getIn(path.slice(0, n), true) as YamlNode | undefined;
    if (node && typeof node === 'object' && 'range' in node && node.range) {
      return origin.lines.linePos(node.range[0]).line;
    }
    if (n > 0) {
      // The key itself (for unknown keys whose value is a scalar without a range).
      const parent = origin.doc.getIn(path.slice(0, n - 1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === path[n - 1]);
        const keyNode = pair?.key as YamlNode | undefined;
        if (keyNode?.range) return origin.lines.linePos(keyNode.range[0]).line;
      } else if (isSeq(parent)) {
        const item = parent.items[path[n - 1] as number] as YamlNode | undefined;
        if (item?.range) return origin.lines.linePos(item.range[0]).line;
      }
    }
  }
  return undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function pathKey(path: readonly PathSegment[]): string {
  return JSON.stringify(path);
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}
