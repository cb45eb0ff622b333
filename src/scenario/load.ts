// The only module that reads scenario files: a scenario (YAML or JSON) parsed with line numbers,
// `{file: ...}` includes expanded (relative to the scenario's folder, never escaping it, not even through
// a symbolic link; regular files only, within INPUT_LIMITS: read-file.ts), then validated by the zod
// schema. Every problem comes back as a ScenarioError naming file, path and line.

import { createHash } from 'node:crypto';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { type Document, isMap, isSeq, type LineCounter, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import {
  formatPath,
  type PathSegment,
  type Problem,
  ScenarioError,
  ScenarioLimitError,
} from '../model/errors.js';
import { explainIssue } from './issues.js';
import { applyOverride, changesIncludes, type Override, parseOverride } from './overrides.js';
import { FileReadError, formatBytes, INPUT_LIMITS, isWithin, readRegularFile } from './read-file.js';
import { type Scenario, scenarioSchema } from './schema.js';
import { validateManifests } from './validate-manifests.js';
import { checkWorkLimits } from './work-limits.js';
import { type ParsedYaml, parseYamlText, yamlToJS } from './yaml-text.js';

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

  private readonly overrides = new Map<string, { expr: string; exact: boolean }>();

  register(path: readonly PathSegment[], origin: Origin): void {
    this.origins.set(pathKey(path), origin);
  }

  /** Problems at or below `path` (only at it when `exact`) name the --set rather than a file. */
  registerOverride(path: readonly PathSegment[], expr: string, exact = false): void {
    this.overrides.set(pathKey(path), { expr, exact });
  }

  locate(path: readonly PathSegment[], message: string): Problem {
    for (let n = path.length; n > 0; n--) {
      const o = this.overrides.get(pathKey(path.slice(0, n)));
      if (o !== undefined && (!o.exact || n === path.length))
        return { file: `--set ${o.expr}`, path, message };
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
  /** The scenario file and every file it includes (traces too), as absolute paths, in include order. */
  readonly files: readonly string[];
  readonly source: ScenarioSource;
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
  return loadFrom(file, readScenarioText(file), opts);
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
  hash.update(text);
  const root = parseYamlText(text, { file: displayPath(file) });
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
  const raw = yamlToJS(rootDoc, root.lines, { file: displayPath(file) });
  if (!isPlainObject(raw)) {
    const start = (rootDoc.contents as YamlNode | null)?.range?.[0];
    const line = start !== undefined ? root.lines.linePos(start).line : 1;
    throw new ScenarioError([
      { file, path: [], line, message: 'expected a mapping with apiVersion, kind, metadata and spec' },
    ]);
  }
  const ctx: IncludeContext = {
    baseDir: dirname(resolve(file)),
    source,
    hash,
    rootOrigin,
    files: [resolve(file)],
    bytes: { total: text.length },
  };
  const overrides = (opts.overrides ?? []).map(parseOverride);
  const early = overrides.filter((o) => changesIncludes(raw, o.path));
  // An include's new path names its --set when it cannot be read; what the file holds names the file.
  for (const o of early) override(raw, o, source, true);
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
  for (const o of overrides) if (!early.includes(o)) override(raw, o, source, false);
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) throw new ScenarioError(issuesToProblems(parsed.error.issues, source));
  const invalid = opts.apiValidation === false ? [] : validateManifests(raw, parsed.data);
  if (invalid.length > 0)
    throw new ScenarioError(invalid.slice(0, 5).map((p) => source.locate(p.path, p.message)));
  const tooBig = checkWorkLimits(parsed.data);
  if (tooBig.length > 0) throw new ScenarioLimitError(tooBig.map((p) => source.locate(p.path, p.message)));
  return { file, scenario: parsed.data, sha256: hash.digest('hex'), source, files: ctx.files };
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
 * Throws ScenarioError naming the file (and line) when it cannot be read or parsed.
 */
export function readYamlLocated(file: string): {
  value: unknown;
  locate: (path: readonly PathSegment[], message: string) => Problem;
} {
  const parsed = parseYamlText(readScenarioText(file), { file: displayPath(file) });
  const doc = parsed.docs[0];
  if (doc === undefined)
    throw new ScenarioError([{ file, path: [], line: 1, message: 'the file holds no YAML document' }]);
  const origin: Origin = { file, doc, lines: parsed.lines, basePath: [] };
  return {
    value: yamlToJS(doc, parsed.lines, { file: displayPath(file) }),
    locate: (path, message) => problemAt(origin, path, message),
  };
}

function override(raw: Record<string, unknown>, o: Override, source: ScenarioSource, exact: boolean): void {
  applyOverride(raw, o);
  source.registerOverride(o.path, o.expr, exact);
}

// ---- includes -------------------------------------------------------------------------------------

interface IncludeContext {
  readonly baseDir: string;
  readonly source: ScenarioSource;
  readonly hash: ReturnType<typeof createHash>;
  readonly rootOrigin: Origin;
  /** Every file read so far (LoadedScenario.files). */
  readonly files: string[];
  /** Characters read so far, against INPUT_LIMITS.scenarioTotalBytes. */
  readonly bytes: { total: number };
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
    trace.text = readConfined(trace.file, at, 'trace', INPUT_LIMITS.csvBytes, ctx);
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
  const text = readConfined(file, at, 'include', INPUT_LIMITS.yamlBytes, ctx);
  const resolved = resolve(ctx.baseDir, file);
  const here = ctx.source.locate(at, '');
  const includedFrom = {
    file: here.file,
    path: at.slice(0, -1),
    ...(here.line !== undefined ? { line: here.line } : {}),
  };
  const where = { file: displayPath(resolved), includedFrom };
  const parsed: ParsedYaml = parseYamlText(text, where);
  const out: Array<{ value: unknown; origin: Origin }> = [];
  for (const doc of parsed.docs) {
    const value = yamlToJS(doc, parsed.lines, where);
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

// ---- reading files -----------------------------------------------------------------------------------

function readScenarioText(file: string): string {
  try {
    return readRegularFile(file, { maxBytes: INPUT_LIMITS.yamlBytes });
  } catch (e) {
    if (!(e instanceof FileReadError)) throw e;
    throw new ScenarioError([{ file, path: [], message: `cannot read scenario file: ${e.reason}` }]);
  }
}

/**
 * A file the scenario names (an include or a trace): relative, inside the scenario's folder once
 * symbolic links are resolved, a regular file, within the per-file and per-scenario size limits.
 */
function readConfined(
  file: string,
  at: PathSegment[],
  what: 'include' | 'trace',
  maxBytes: number,
  ctx: IncludeContext,
): string {
  const resolved = resolve(ctx.baseDir, file);
  if (isAbsolute(file) || !isWithin(resolved, ctx.baseDir))
    throw ctx.source.error(at, `${what} "${file}" must stay inside the scenario's folder (${ctx.baseDir})`);
  let text: string;
  try {
    text = readRegularFile(resolved, { maxBytes, within: ctx.baseDir });
  } catch (e) {
    if (!(e instanceof FileReadError)) throw e;
    const noun = what === 'include' ? 'included file' : 'trace';
    throw ctx.source.error(at, `cannot read ${noun} "${file}": ${e.reason}`);
  }
  ctx.bytes.total += text.length;
  if (ctx.bytes.total > INPUT_LIMITS.scenarioTotalBytes)
    throw ctx.source.error(
      at,
      `the scenario and its files exceed ${formatBytes(INPUT_LIMITS.scenarioTotalBytes)} together (README "Files kubesim reads")`,
    );
  ctx.hash.update(text);
  ctx.files.push(resolved);
  return text;
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
