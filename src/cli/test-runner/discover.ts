// Which files `kubesim test [paths...]` runs: every .yaml / .yml / .json file under the given folders
// (recursively, hidden entries skipped, sorted so runs are stable), plus files named directly. A file
// found in a folder whose first document is not a Scenario (an include of Nodes or Pods, say) is
// skipped, and so is a scenario without a spec.expect block; both are reported with the reason.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { INPUT_LIMITS, readRegularFile } from '../../scenario/read-file.js';
import { MAX_ALIAS_COUNT } from '../../scenario/yaml-text.js';
import { CliExit, ExitCode } from '../io.js';

export interface Discovered {
  /** Scenario files with an expect block (or that could not be read well enough to tell). */
  readonly files: string[];
  readonly skipped: Array<{ readonly file: string; readonly why: string }>;
}

const SCENARIO_FILE = /\.(ya?ml|json)$/i;

export function discoverScenarios(paths: readonly string[]): Discovered {
  const out: Discovered = { files: [], skipped: [] };
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      throw new CliExit(ExitCode.BadInput, `${p}: no such file or folder`);
    }
    if (isDir) for (const file of walk(p)) classify(file, true, out);
    else classify(p, false, out);
  }
  return out;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return walk(p);
      return e.isFile() && SCENARIO_FILE.test(e.name) ? [p] : [];
    });
}

function classify(file: string, fromFolder: boolean, out: Discovered): void {
  const peek = peekScenario(file);
  if (peek === undefined) {
    out.files.push(file); // unreadable or not YAML: let the loader say exactly why
  } else if (peek.kind !== 'Scenario' && fromFolder) {
    out.skipped.push({ file, why: `not a Scenario (kind: ${peek.kind ?? 'none'})` });
  } else if (peek.kind === 'Scenario' && !peek.hasExpect) {
    out.skipped.push({ file, why: 'no spec.expect block' });
  } else {
    out.files.push(file);
  }
}

function peekScenario(file: string): { kind: string | undefined; hasExpect: boolean } | undefined {
  try {
    const text = readRegularFile(file, { maxBytes: INPUT_LIMITS.yamlBytes });
    const doc = parseAllDocuments(text, { logLevel: 'error' })[0];
    if (doc === undefined || !('errors' in doc) || doc.errors.length > 0) return undefined;
    const value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as {
      kind?: unknown;
      spec?: { expect?: unknown };
    } | null;
    if (typeof value !== 'object' || value === null) return { kind: undefined, hasExpect: false };
    const expect = value.spec?.expect;
    return {
      kind: typeof value.kind === 'string' ? value.kind : undefined,
      hasExpect: expect !== undefined && expect !== null && !(Array.isArray(expect) && expect.length === 0),
    };
  } catch {
    return undefined;
  }
}
