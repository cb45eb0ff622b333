// The parameter grid of `kubesim sweep`: the cartesian product of --profile values, each --set value
// list (in the order given) and --seeds, numbered so that the last dimension varies fastest (profile
// outermost, seeds innermost). A cell is found from its index alone, which is what lets a Kubernetes
// Indexed Job run one cell per pod from JOB_COMPLETION_INDEX. Pure.

export interface SetDimension {
  /** As written before "=", e.g. spec.cluster.nodePools[0].count. */
  readonly path: string;
  /** Value texts, each parsed as YAML by the scenario loader like a --set value. */
  readonly values: readonly string[];
}

export interface GridSpec {
  /** Explicit seeds, or null to use each scenario's own spec.seed. */
  readonly seeds: readonly number[] | null;
  readonly sets: readonly SetDimension[];
  readonly profiles: readonly string[];
}

export interface Cell {
  readonly index: number;
  readonly seed: number | null;
  readonly sets: ReadonlyArray<readonly [string, string]>;
  readonly profile: string | null;
}

/** Hard limit on cells, so a typo such as --seeds 1..100000000 fails fast instead of filling memory. */
export const MAX_CELLS = 1_000_000;

/** "1..20", "1,2,5", "1..3,7,10..12" -> seeds in the order given; duplicates are an error. */
export function parseSeeds(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new Error(`--seeds: expected numbers and ranges such as 1..20 or 1,2,5, got "${text}"`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to))
      throw new Error(
        `--seeds: ${part.trim()}: a seed is a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`,
      );
    if (to < from) throw new Error(`--seeds: range ${part.trim()} runs backwards`);
    if (out.length + (to - from + 1) > MAX_CELLS) throw new Error(`--seeds: more than ${MAX_CELLS} seeds`);
    for (let s = from; s <= to; s++) out.push(s);
  }
  const seen = new Set<number>();
  for (const s of out) {
    if (seen.has(s)) throw new Error(`--seeds: seed ${s} appears twice`);
    seen.add(s);
  }
  return out;
}

/** The compact text form of a seed list: [1,2,3,7] -> "1..3,7". */
export function formatSeeds(seeds: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < seeds.length; ) {
    let j = i;
    while (j + 1 < seeds.length && (seeds[j + 1] as number) === (seeds[j] as number) + 1) j++;
    parts.push(j - i >= 2 ? `${seeds[i]}..${seeds[j]}` : seeds.slice(i, j + 1).join(','));
    i = j + 1;
  }
  return parts.join(',');
}

/** "path=v1,v2" -> dimension; commas inside [], {} or quotes do not split ("zones=[a,b],[c]"). */
export function parseSetList(expr: string): SetDimension {
  const eq = expr.indexOf('=');
  if (eq <= 0) throw new Error(`--set: expected path=v1,v2,..., got "${expr}"`);
  const values = splitTopLevel(expr.slice(eq + 1));
  if (values.some((v) => v.trim() === '')) throw new Error(`--set ${expr}: empty value in the list`);
  return { path: expr.slice(0, eq), values };
}

export function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote !== null) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** Sizes of the dimensions, outermost first: profiles, each --set, seeds. */
function radices(g: GridSpec): number[] {
  return [
    Math.max(1, g.profiles.length),
    ...g.sets.map((s) => s.values.length),
    Math.max(1, g.seeds?.length ?? 1),
  ];
}

export function cellCount(g: GridSpec): number {
  return radices(g).reduce((a, b) => a * b, 1);
}

export function cellAt(g: GridSpec, index: number): Cell {
  const count = cellCount(g);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`cell ${index} is outside the grid (cells 0..${count - 1})`);
  }
  const r = radices(g);
  const digits = new Array<number>(r.length);
  let rest = index;
  for (let i = r.length - 1; i >= 0; i--) {
    digits[i] = rest % (r[i] as number);
    rest = Math.floor(rest / (r[i] as number));
  }
  return {
    index,
    profile: g.profiles.length > 0 ? (g.profiles[digits[0] as number] as string) : null,
    sets: g.sets.map((s, k) => [s.path, s.values[digits[k + 1] as number] as string] as const),
    seed: g.seeds ? (g.seeds[digits[r.length - 1] as number] as number) : null,
  };
}

export function allCells(g: GridSpec): Cell[] {
  return Array.from({ length: cellCount(g) }, (_, i) => cellAt(g, i));
}
