// `--set path=value` (README "Scenario files"): a path such as spec.cluster.nodePools[0].count or
// metadata.labels["app.kubernetes.io/name"], and a value parsed as YAML (text that is not YAML stays a
// string). Applied to the scenario's plain data before validation. A path never reaches an object's
// prototype (__proto__, constructor, prototype are refused), a name segment never addresses a list and
// an index never addresses a mapping, and an index may at most append one item to a list: `[100000000]`
// or `[4294967296]` is an error instead of a list of a hundred million holes.

import { formatPath, type PathSegment, ScenarioError } from '../model/errors.js';
import { parseYamlText, yamlToJS } from './yaml-text.js';

/** Names that would reach Object.prototype or a constructor instead of a field. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

export interface Override {
  /** As given, for messages: `--set <expr>`. */
  readonly expr: string;
  readonly path: readonly PathSegment[];
  readonly value: unknown;
}

/** Parses `spec.cluster.nodePools[0].count` into path segments; throws Error with the reason. */
export function parseOverridePath(text: string): PathSegment[] {
  const out: PathSegment[] = [];
  const re = /([^.[\]"]+)|\[(\d+)\]|\["([^"]*)"\]/g;
  let consumed = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const between = text.slice(consumed, m.index);
    // A name follows a "." (or starts the path); an index or a quoted key follows directly.
    const expected = m[1] !== undefined && out.length > 0 ? '.' : '';
    if (between !== expected) throw new Error(`cannot parse path "${text}" at "${text.slice(consumed)}"`);
    if (m[2] !== undefined) {
      const index = Number(m[2]);
      if (!Number.isSafeInteger(index)) throw new Error(`index [${m[2]}] in "${text}" is not a list index`);
      out.push(index);
    } else out.push((m[1] ?? m[3]) as string);
    consumed = m.index + m[0].length;
  }
  if (consumed !== text.length || out.length === 0) throw new Error(`cannot parse path "${text}"`);
  const bad = out.find((s) => typeof s === 'string' && FORBIDDEN.has(s));
  if (bad !== undefined) throw new Error(`"${bad}" is not a scenario field`);
  return out;
}

/** Parses `path=value`; a ScenarioError (file `--set <expr>`) when it is not one. */
export function parseOverride(expr: string): Override {
  const fail = (message: string): never => {
    throw new ScenarioError([{ file: `--set ${expr}`, path: [], message }]);
  };
  const eq = expr.indexOf('=');
  if (eq <= 0) fail('expected --set path=value, e.g. --set spec.cluster.nodePools[0].count=100');
  let path: PathSegment[] = [];
  try {
    path = parseOverridePath(expr.slice(0, eq));
  } catch (e) {
    fail((e as Error).message);
  }
  return { expr, path, value: parseValue(expr.slice(eq + 1), `--set ${expr}`) };
}

/** The value as YAML (`100`, `true`, `[a, b]`, `{cpu: "2"}`); text YAML cannot parse is a string. */
function parseValue(text: string, file: string): unknown {
  let parsed: ReturnType<typeof parseYamlText>;
  try {
    parsed = parseYamlText(text, { file });
  } catch (e) {
    if (e instanceof ScenarioError) return text; // not YAML: the text itself
    throw e;
  }
  if (parsed.docs.length > 1)
    throw new ScenarioError([{ file, path: [], message: 'the value holds more than one YAML document' }]);
  const doc = parsed.docs[0];
  return doc === undefined ? null : (yamlToJS(doc, parsed.lines, { file }) ?? null);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Sets the override's value in `raw`, making missing mappings and lists along the way. */
export function applyOverride(raw: Record<string, unknown>, o: Override): void {
  const fail = (message: string): never => {
    throw new ScenarioError([{ file: `--set ${o.expr}`, path: o.path, message }]);
  };
  let holder: unknown = raw;
  for (let i = 0; i < o.path.length; i++) {
    const seg = o.path[i] as PathSegment;
    const here = formatPath(o.path.slice(0, i));
    const last = i === o.path.length - 1;
    const next = (): unknown => (typeof o.path[i + 1] === 'number' ? [] : {});
    if (Array.isArray(holder)) {
      if (typeof seg !== 'number')
        fail(`${here} is a list: address one of its items with [index], e.g. ${here}[0].${seg}`);
      const index = seg as number;
      if (index > holder.length)
        fail(
          `index ${index} is past the end of ${here} (${holder.length} items; [${holder.length}] appends one)`,
        );
      if (last) holder[index] = o.value;
      else if (holder[index] === undefined || holder[index] === null) holder[index] = next();
      holder = holder[index];
    } else if (isPlainObject(holder)) {
      if (typeof seg === 'number')
        fail(
          `${i === 0 ? 'the scenario' : here} is a mapping, not a list: address a key with .name or ["name"]`,
        );
      const key = seg as string;
      const has = Object.hasOwn(holder, key);
      if (last) holder[key] = o.value;
      else if (!has || holder[key] === undefined || holder[key] === null) holder[key] = next();
      holder = holder[key];
    } else {
      fail(`${here} is ${JSON.stringify(holder)}, not a mapping or a list`);
    }
  }
}

/**
 * Overrides that change which files the scenario includes are applied before includes are expanded,
 * so `--set spec.workloads[0].file=other.yaml` (or a new `spec.cluster.nodes=nodes.yaml`, or another
 * `spec.arrivals[0].trace.file`) reads the other file; every other override applies to the expanded
 * scenario, where list indexes count included items.
 */
export function changesIncludes(raw: Record<string, unknown>, path: readonly PathSegment[]): boolean {
  const key = JSON.stringify(path);
  if (INCLUDE_FIELDS.has(key)) return true;
  if (path.length >= 2 && path.at(-1) === 'file') {
    const parent = getIn(raw, path.slice(0, -1));
    if (isPlainObject(parent) && Object.keys(parent).length === 1 && 'file' in parent) return true;
    // spec.arrivals[i].trace.file and spec.load[i].demand.trace.file: the loader reads these CSVs.
    const p = path;
    if (p[0] !== 'spec' || typeof p[2] !== 'number') return false;
    if (p.length === 5) return p[1] === 'arrivals' && p[3] === 'trace';
    return p.length === 6 && p[1] === 'load' && p[3] === 'demand' && p[4] === 'trace';
  }
  return false;
}

/** The fields the loader expands includes in (load.ts loadFrom). */
const INCLUDE_FIELDS = new Set(
  [
    ['spec', 'cluster', 'nodes'],
    ['spec', 'workloads'],
    ['spec', 'scheduler'],
  ].map((p) => JSON.stringify(p)),
);

function getIn(raw: unknown, path: readonly PathSegment[]): unknown {
  let v: unknown = raw;
  for (const seg of path) {
    if (Array.isArray(v) && typeof seg === 'number') v = v[seg];
    else if (isPlainObject(v) && typeof seg === 'string' && Object.hasOwn(v, seg)) v = v[seg];
    else return undefined;
  }
  return v;
}
