// Scenario problems reported to users: the file, the path inside it, the line where known, and what
// was expected. The CLI prints these without a stack trace and exits with code 2 (interfaces.md §1).

export type PathSegment = string | number;

/** Something accepted but not simulated, reported on stderr ("warning: <path>: <message>"). */
export interface ScenarioWarning {
  readonly path: readonly PathSegment[];
  readonly message: string;
}

export interface Problem {
  readonly file: string;
  readonly path: readonly PathSegment[];
  readonly line?: number;
  readonly message: string;
  /** For problems inside included files: where the include was written. */
  readonly includedFrom?: {
    readonly file: string;
    readonly path: readonly PathSegment[];
    readonly line?: number;
  };
}

export class ScenarioError extends Error {
  override readonly name: string = 'ScenarioError';

  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

/**
 * A scenario that asks for more than kubesim's documented limits (nodes, pods, events within
 * spec.maxEvents): well formed but too big. The CLI exits with code 3 for it, as for a run that hits a
 * limit.
 */
export class ScenarioLimitError extends ScenarioError {
  readonly limit = true;
}

/** A semantic problem found after parsing (build.ts), located later by the loader's ScenarioSource. */
export class ScenarioPathError extends Error {
  override readonly name = 'ScenarioPathError';

  constructor(
    readonly path: readonly PathSegment[],
    message: string,
  ) {
    super(message);
  }
}

const SIMPLE_KEY = /^[A-Za-z_$][\w$-]*$/;

/** spec.cluster.nodePools[1].labels["node.kubernetes.io/instance-type"] */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (SIMPLE_KEY.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out === '' ? '(top level)' : out;
}

export function formatProblem(p: Problem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}` : p.file;
  let text = `${where}: ${formatPath(p.path)}: ${p.message}`;
  if (p.includedFrom) {
    const from = p.includedFrom;
    const fromWhere = from.line !== undefined ? `${from.file}:${from.line}` : from.file;
    text += ` (included from ${fromWhere} at ${formatPath(from.path)})`;
  }
  return text;
}
